"""Signing in: the second factor, sessions' lifetime, passwords, lockout's client address, API tokens,
re-authentication before grave actions and dormant accounts. Every rule of authentication lives here."""
