"""Signing in: the second factor, sessions' lifetime, passwords, lockout's client address, API tokens,
re-authentication before grave actions and dormant accounts. Every rule of authentication lives here;
the client's address (for the lockout) is core.net.client_ip, shared with the audit trail and access log."""
