"""Writes of the complaints app: saving complaints (one or a file's rows) and linking them."""
