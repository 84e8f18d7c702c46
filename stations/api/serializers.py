from rest_framework import serializers

from stations.models import Locality, PoliceStation


class LocalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Locality
        fields = ["id", "name", "aliases", "pin_code", "is_hotspot"]


class PoliceStationSerializer(serializers.ModelSerializer):
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True)
    zone_name = serializers.CharField(source="zone.name", read_only=True)
    localities = LocalitySerializer(many=True, read_only=True)

    class Meta:
        model = PoliceStation
        fields = ["id", "code", "name", "zone", "zone_name", "address", "phone", "localities"]
