"""What enforcement draws: the PDF of the bulletin of repeat offenders, the layout of a network's picture."""
