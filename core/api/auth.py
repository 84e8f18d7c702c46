"""API sign-in: a token for a username and password (and the second factor's code where the role
needs one), and logging out (revoking the token used)."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.accounts.tokens import api_token_create, api_tokens_revoke
from core.accounts.twofactor import otp_required_for, token_matches
from core.models import ApiToken


class TokenObtainSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    otp_token = serializers.CharField(
        max_length=20, required=False, allow_blank=True,
        help_text=_("The code of the authenticator app: needed for the roles that use a second factor."),
    )

    def validate(self, data):
        request = self.context["request"]
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None:
            raise serializers.ValidationError(_("Unable to log in with these credentials."), code="authorization")
        if otp_required_for(user) and not token_matches(user, "".join(data.get("otp_token", "").split())):
            raise serializers.ValidationError(
                {"otp_token": _("Give the code your authenticator app shows now.")}, code="authorization")
        data["user"] = user
        return data


TokenAnswer = inline_serializer("TokenAnswer", {"token": serializers.CharField(), "expires": serializers.DateTimeField()})


class TokenObtainView(APIView):
    """POST username, password (and otp_token) → a new token, shown once, and when it expires."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = TokenObtainSerializer

    @extend_schema(request=TokenObtainSerializer, responses={200: TokenAnswer})
    def post(self, request):
        serializer = TokenObtainSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        key, token = api_token_create(user=serializer.validated_data["user"])
        return Response({"token": key, "expires": token.expires_at})


class TokenLogoutView(APIView):
    """POST with the token → that token stops working (every token of the account with ?all=1)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        if isinstance(request.auth, ApiToken) and request.query_params.get("all") != "1":
            request.auth.delete()
        else:
            api_tokens_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
