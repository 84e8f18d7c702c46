from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Licence verification")

    def ready(self) -> None:
        from core.demo import register_demo_step
        from core.home import register_work_queue
        from registry.selectors.licences import LicenceCheck, register_licence_check
        from registry.selectors.timeline import register_timeline_source

        from .choices import LicenceState
        from .selectors import (
            inspection_timeline_events,
            licence_card,
            licence_state_q,
            licence_state_set_q,
            licence_timeline_events,
            with_licence_state,
        )
        from .selectors.home import verification_queue

        register_work_queue(verification_queue)  # letters awaiting answers, overdue
        register_timeline_source(licence_timeline_events)  # every recorded answer on the call centre's timeline
        register_timeline_source(inspection_timeline_events)  # planned, missed and recorded visits
        # The registry's lists, filter, exports, home counts and detail page show the licence state.
        register_licence_check(LicenceCheck(
            annotate=with_licence_state, state_q=licence_state_q, set_q=licence_state_set_q,
            choices=lambda: LicenceState.choices,
            label=lambda state: LicenceState(state).label, card=licence_card,
            lacking=LicenceState.LACKING, pending=LicenceState.PENDING,
        ))
        # Licence checks agreeing with each call centre's status.
        register_demo_step(order=30, label="Licences", seed=_seed_licences)
        # Inspection plans of last week and this week, outcomes, one violation that became a bust:
        # after the busts and returns it reads.
        register_demo_step(order=70, label="Inspections", seed=_seed_inspections)


def _seed_licences():
    from .demo import seed_licences

    return seed_licences()


def _seed_inspections():
    from .demo import seed_inspections

    return seed_inspections()
