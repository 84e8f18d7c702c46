"""The home pages' hook: apps add their counts to the summary without core knowing them.

An app registers `fn(*, user) -> value` under a key in its AppConfig.ready(); the home page's
summary then holds `summary[key] = fn(user=user)` (e.g. registry adds "call_centres").
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

HomeSection = Callable[..., Any]

#: key -> fn(*, user); filled by the apps' ready().
HOME_SECTIONS: dict[str, HomeSection] = {}


def register_home_section(key: str, section: HomeSection) -> HomeSection:
    """Add (or replace) a section of the home pages' summary."""
    HOME_SECTIONS[key] = section
    return section


def home_sections(*, user) -> dict[str, Any]:
    """Every registered section's value for this user."""
    return {key: section(user=user) for key, section in HOME_SECTIONS.items()}
