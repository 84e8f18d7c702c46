"""The registry's pages, one module per sub-domain: callcentres, premises, duplicates, exports,
returns, notices, inbox, imports. Every view is named `<noun>_<action>_view`; registry/urls.py
maps them to their paths and names."""
