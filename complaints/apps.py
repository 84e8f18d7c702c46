from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplaintsConfig(AppConfig):
    name = "complaints"
    verbose_name = _("Complaints and referrals")

    def ready(self) -> None:
        from core.demo import register_demo_step
        from registry.selectors.cards import register_detail_card
        from verification.selectors.risk import RiskFactor, register_risk_factor

        from .cards import callcentre_card, complaint_risk_condition, network_card, person_card

        # The call centre's, the person's and the network's pages show the complaints naming them.
        register_detail_card("callcentre", "complaints", callcentre_card)
        register_detail_card("person", "complaints", person_card)
        register_detail_card("network", "complaints", network_card)
        # ... and the network walks through complaints: complaint nodes between call centres, persons,
        # phones and accounts.
        from offenders.selectors.network import register_network_kind

        from .network import network_kind

        register_network_kind(network_kind())
        # A call centre named by victims' complaints is inspected sooner, with the reason shown.
        register_risk_factor("complaints", RiskFactor(25, _("Named by victims' complaints")), complaint_risk_condition)
        # After the busts (order 40/50) whose call centres' phones the complaints name.
        register_demo_step(order=80, label="Complaints", seed=_seed_complaints)


def _seed_complaints():
    from .demo import seed_complaints

    return seed_complaints()
