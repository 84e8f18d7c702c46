"""Enforcement and offenders: busts, arrests, persons, prior records, matching, bulletins, the network.

Find a thing by its layer and its noun:

- `models/` (cases: busts and arrests; persons; records; matching; bulletins) · `choices.py` · `roles.py`
- `services/<noun>.py`: writes (busts, persons, arrests, records, matches, bulletins); each starts with
  `require(actor, "offenders.<perm>")`
- `selectors/<noun>.py`: reads (persons, busts, arrests, records, matches, bulletins, network, masterminds)
- `rendering/`: the bulletin's PDF, the network picture's layout
- `forms/<noun>.py` · `views/<noun>.py` · `urls.py` · `filters.py` · `api/` · `admin.py` · `tasks.py` (one line each)
- `matching/`: the person-matching engine (no database); `candidates/`: who among all persons may be the
  same individual (database retrieval, then the engine); `aadhaar.py`: Aadhaar numbers checked, hashed, masked;
  `photos.py`: uploads checked and re-encoded; `demo/`: demo data
"""
