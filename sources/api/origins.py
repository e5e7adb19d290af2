"""Independent origins in the API: copy flags and rulings on them, relay confirmations.

Reads are open to every newsroom role; rulings and confirmations are for
fact-checkers and editors (``permissions.can_rule_on_origins``) and go
through ``sources.services``, which re-judge the claims they move.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from sources import selectors, services
from sources.api import filters, permissions
from sources.api import serializers as api
from sources.api.views import _StaffViewSet


@extend_schema(tags=["evidence"])
class CopyFlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _StaffViewSet):
    """Texts the copy check found to be likely copies of an article, and the rulings on them.

    A flagged link does not count until a fact-checker rules; ``rule`` records
    "copy" or "not_copy" with a reason. Filter with ``?claim=`` or ``?ruled=``.
    """

    serializer_class = api.CopyFlagSerializer
    permission_classes = [permissions.OriginRulersWrite]
    filterset_class = filters.CopyFlagFilter

    def get_queryset(self):
        return (
            selectors.copy_flags_for(viewer=self.request.user)
            .select_related("ruled_by", "link")
            .order_by("pk")
        )

    def get_serializer_class(self):
        if self.action == "rule":
            return api.CopyRuleSerializer
        return api.CopyFlagSerializer

    @extend_schema(request=api.CopyRuleSerializer, responses={200: api.CopyFlagSerializer})
    @action(detail=True, methods=["post"])
    def rule(self, request, pk=None):
        """Rule on a likely copy: "copy" (it does not count) or "not_copy" (it does)."""
        flag = self.get_object()
        given = api.CopyRuleSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.copy_rule(flag=flag, actor=request.user, **given.validated_data)
        fresh = self.get_queryset().get(pk=flag.pk)
        return Response(api.CopyFlagSerializer(fresh, context=self.get_serializer_context()).data)


@extend_schema(tags=["evidence"])
class RelayConfirmViewSet(_StaffViewSet):
    """Confirm that a relayed link's upstream is independent of its claim (with a reason)."""

    permission_classes = [permissions.OriginRulersWrite]
    serializer_class = api.RelayConfirmSerializer

    def get_queryset(self):
        return selectors.links_for(viewer=self.request.user).select_related(
            "recorded_by", "relay_confirmed_by"
        )

    @extend_schema(request=api.RelayConfirmSerializer, responses={200: api.EvidenceLinkSerializer})
    def create(self, request, pk=None):
        link = get_object_or_404(self.get_queryset(), pk=pk)
        given = api.RelayConfirmSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        services.link_relay_confirm(
            link=link, reason=given.validated_data["reason"], actor=request.user
        )
        fresh = self.get_queryset().get(pk=link.pk)
        body = api.EvidenceLinkSerializer(fresh, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_200_OK)
