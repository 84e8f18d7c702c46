"""Registry API routes: call centres, premises, station returns."""
from rest_framework.routers import SimpleRouter

router = SimpleRouter()
# Each capability registers its viewsets here:
# router.register("call-centres", CallCentreViewSet, basename="callcentre")
urlpatterns = router.urls
