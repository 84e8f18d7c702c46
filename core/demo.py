"""Demo data, seeded app by app: each app registers its step in its AppConfig.ready, so that
`seed_demo` (stations) runs them in order without importing the apps above it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoStep:
    order: int  # lower first: call centres before the licences, busts and returns that refer to them
    label: str
    seed: Callable[[], object]  # idempotent; returns what it made, for the command's output


_STEPS: dict[str, DemoStep] = {}


def register_demo_step(*, order: int, label: str, seed: Callable[[], object]) -> None:
    """Called from an AppConfig.ready; registering the same label twice keeps one step."""
    _STEPS[label] = DemoStep(order=order, label=label, seed=seed)


def demo_steps() -> list[DemoStep]:
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.label))
