"""The reviewer desk's pages, one module per area; thin views over selectors and services."""
