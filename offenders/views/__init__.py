"""Pages of enforcement, one module per entity: busts, arrests, persons, photos, (prior) records, matches,
bulletins, network. Views parse input and call services (writes) or selectors (reads).

Rows come from `for_user`: anything out of the officer's scope is a 404. Pages that write need the
permission (`permission_required`: 403 without it); pages of persons, bulletins and the network are
for police officers (`police_required`: 403 for association members). Photographs and documents
are served only here, after the same access check.
"""
