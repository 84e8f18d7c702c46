"""Forms of the registry's pages, one module per sub-domain (callcentres, premises, duplicates,
returns, notices, imports). The shared widgets and BootstrapMixin live in core.forms."""
