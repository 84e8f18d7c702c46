"""Pages of the bulletin of repeat offenders, the network and likely masterminds (included by offenders/urls.py)."""
from django.urls import path

from . import views_bulletins, views_network

urlpatterns = [
    path("bulletins/", views_bulletins.bulletin_list, name="bulletin-list"),
    path("bulletins/generate/", views_bulletins.bulletin_generate, name="bulletin-generate"),
    path("bulletins/<int:pk>/pdf/", views_bulletins.bulletin_download, name="bulletin-download"),
    path("bulletins/<int:pk>/receipts/", views_bulletins.bulletin_receipts, name="bulletin-receipts"),
    path("network/", views_network.network_index, name="network"),
    path("network/person/<int:pk>/", views_network.network_person, name="network-person"),
    path("network/call-centre/<int:pk>/", views_network.network_callcentre, name="network-callcentre"),
    path("network/premises/<int:pk>/", views_network.network_premises, name="network-premises"),
    path("network/phone/<str:number>/", views_network.network_phone, name="network-phone"),
    path("network/account/<str:identifier>/", views_network.network_account, name="network-account"),
    path("masterminds/", views_network.masterminds, name="masterminds"),
]
