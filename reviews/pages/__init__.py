"""The reviewer dashboard's pages: one module per area, each with its own URL module."""
