"""The reviewer dashboard's pages: one module per area (home, queue, claim, editor, ...), each with its URL module."""
