"""The copy check: sign texts, flag likely copies through the band index, record rulings.

A wire story that repeats our article without citing it slips past the
citation rules, so every article body and evidence summary gets a MinHash
signature (``sources.domain.copies``), cut into band keys stored in an
indexed table. A new or changed text looks its candidates up by those keys,
never by scanning signatures, and each candidate is confirmed by
``copies.similarity`` before anything is flagged:

- an evidence text is compared with its claim's article and the articles in
  that article's lineage (everything that cites it, transitively): the link
  is flagged "likely copy of article N";
- an article body is compared with every other article's: the later of the
  two (by publication date, then number) is flagged as a likely copy of the
  earlier, and links whose evidence text matches it, on claims whose
  lineage it is in, are flagged too.

A flagged link does not count until a fact-checker rules (``copy_rule``);
the ruling is kept with its reason. A ruled flag is never removed by a later
check; a flag nobody ruled on goes when the texts no longer match.

Writing follows the engine's lock order (``services.derived``): the caller
holds the article or evidence; ``copies_plan_*`` only reads, and names the
claims the flags will move, so the caller locks them, in one go, before
``copies_apply`` writes a flag.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sources.domain import copies as near
from sources.domain.text import VERDICT_REASON_MAX
from sources.domain.vocab import CopyRuling
from sources.models import (
    Article,
    CopyFlag,
    Evidence,
    EvidenceLink,
    SignatureBand,
    TextSignature,
)
from sources.services.common import Actor, stamp_actor
from sources.services.derived import claims_lock, claims_recompute
from sources.services.errors import Conflict

# Texts whose band keys go into one lookup; 64 keys each.
LOOKUP_BATCH = 100


def text_signature(text: str) -> bytes | None:
    """Return the signature of ``text``, or None when it has no words to compare."""
    if not text or not text.strip():
        return None
    try:
        return near.signature(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class Match:
    """A likely copy found: a link's evidence or an article, and the article it copies."""

    copy_of: int
    score: float
    link_id: int | None = None
    article_id: int | None = None


@dataclass
class CopyPlan:
    """What a copy check will write: signatures, flags, and which flags it answers for.

    ``scope`` selects the flags this check is responsible for: those nobody
    ruled on and that it did not find again are removed. ``claims`` are the
    claims whose links the flags move: lock them before ``copies_apply``.
    """

    signatures: list[tuple[str, int, bytes | None]] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    scope: Q | None = None
    claims: set[int] = field(default_factory=set)


def _bands_of(signatures: Mapping[int, bytes]) -> dict[str, set[int]]:
    """Return band key -> the ids of the texts (of ``signatures``) that have it."""
    by_key: dict[str, set[int]] = {}
    for pk, signature in signatures.items():
        for key in near.band_keys(signature):
            by_key.setdefault(key, set()).add(pk)
    return by_key


def _candidates(by_key: Mapping[str, set[int]], where: Q) -> dict[int, set[int]]:
    """Return candidate signature id -> the texts sharing a band with it: one indexed query each.

    The lookup is ``SignatureBand.key IN (...)``, answered by the key index;
    its cost follows the matches, not the number of signatures stored.
    """
    keys = list(by_key)
    found: dict[int, set[int]] = {}
    for start in range(0, len(keys), LOOKUP_BATCH * near.BANDS):
        chunk = keys[start : start + LOOKUP_BATCH * near.BANDS]
        rows = SignatureBand.objects.filter(where, key__in=chunk).values_list("signature_id", "key")
        for signature_id, key in rows:
            found.setdefault(signature_id, set()).update(by_key[key])
    return found


def _signatures(ids: Iterable[int]) -> list[tuple[int | None, int | None, bytes]]:
    """Return (article id, evidence id, signature) of the candidates made as ours are."""
    ids = list(ids)
    if not ids:
        return []
    rows = TextSignature.objects.filter(pk__in=ids, version=near.SIGNATURE_VERSION).values_list(
        "article_id", "evidence_id", "signature"
    )
    return [(article, evidence, bytes(signature)) for article, evidence, signature in rows]


def _lineages(article_ids: Iterable[int]) -> dict[int, set[int]]:
    """Return each article's lineage: itself and every article that cites it, transitively."""
    Through = Article.cites.through
    lineages = {}
    for start in set(article_ids):
        reached, frontier = {start}, {start}
        while frontier:
            citing = set(
                Through.objects.filter(to_article_id__in=frontier).values_list(
                    "from_article_id", flat=True
                )
            )
            frontier = citing - reached
            reached |= frontier
        lineages[start] = reached
    return lineages


def _upstream(article_id: int) -> set[int]:
    """Return the article and everything it cites, transitively: whose lineage it is in."""
    Through = Article.cites.through
    reached, frontier = {article_id}, {article_id}
    while frontier:
        cited = set(
            Through.objects.filter(from_article_id__in=frontier).values_list(
                "to_article_id", flat=True
            )
        )
        frontier = cited - reached
        reached |= frontier
    return reached


def _claims_drawing_on(article_ids: set[int]) -> set[int]:
    """Return the claims linked to evidence in, or drawing on, any of these articles."""
    from sources.services.articles import _claims_downstream_of

    found: set[int] = set()
    for article_id in article_ids:
        found |= _claims_downstream_of(article_id)
    return found


def copies_plan_links(*, links: Sequence[EvidenceLink], signature: bytes | None) -> CopyPlan:
    """Plan the flags of links whose evidence text has ``signature``; read only.

    Candidates are the articles in each claim's article's lineage that share
    a band with the text; the article the evidence itself appeared in is
    left out (a summary resembles its own article).
    """
    plan = CopyPlan(scope=Q(link_id__in=[link.pk for link in links]))
    plan.claims = {link.claim_id for link in links}
    if signature is None or not links:
        return plan
    claims = dict(
        EvidenceLink.objects.filter(pk__in=[link.pk for link in links]).values_list(
            "pk", "claim__article_id"
        )
    )
    lineages = _lineages(claims.values())
    within = set().union(*lineages.values())
    candidates = _candidates(_bands_of({0: signature}), Q(signature__article_id__in=within))
    for article_id, _, other in _signatures(candidates):
        score = near.similarity(signature, other)
        if score < near.COPY_THRESHOLD:
            continue
        for link in links:
            if article_id in lineages[claims[link.pk]] and article_id != link.evidence.article_id:
                plan.matches.append(Match(copy_of=article_id, score=score, link_id=link.pk))
    return plan


def copies_plan_articles(*, articles: Sequence[Article], bodies: Mapping[int, str]) -> CopyPlan:
    """Plan signatures and flags for articles with the given bodies; read only.

    Each body is compared with every other article's body through the band
    index (and with the others of the same batch), and with evidence texts
    whose claims' lineages the article is in.
    """
    ids = [article.pk for article in articles]
    plan = CopyPlan(scope=Q(article_id__in=ids) | Q(copy_of_id__in=ids))
    signed = {}
    for article in articles:
        signature = text_signature(bodies[article.pk])
        plan.signatures.append(("article", article.pk, signature))
        if signature is not None:
            signed[article.pk] = signature
    # Claims moved by the flags this check may remove, whoever they were on.
    old = CopyFlag.objects.filter(plan.scope, ruling="").values_list("article_id", "link__claim_id")
    copying = {article for article, _ in old if article is not None}
    plan.claims |= {claim for _, claim in old if claim is not None}
    if signed:
        by_key = _bands_of(signed)
        others = [
            (article, evidence, signature, texts)
            for (article, evidence, signature), texts in _with_texts(_candidates(by_key, Q()))
        ]
        # The batch's own texts have no stored signature yet: pair them here.
        for pk, signature in signed.items():
            sharing = set().union(*(by_key[key] for key in near.band_keys(signature))) - {pk}
            others.append((pk, None, signature, sharing))
        dates = dict(
            Article.objects.filter(
                pk__in=set(signed) | {article for article, _, _, _ in others if article}
            ).values_list("pk", "published_on")
        )
        evidence_links = _links_of({evidence for _, evidence, _, _ in others if evidence})
        upstream = {pk: _upstream(pk) for pk in signed} if evidence_links else {}
        pairs = set()
        for article_id, evidence_id, other, texts in others:
            for pk in texts:
                if article_id == pk:
                    continue
                score = near.similarity(signed[pk], other)
                if score < near.COPY_THRESHOLD:
                    continue
                if article_id is not None:
                    earlier, later = sorted((pk, article_id), key=lambda a: (dates[a], a))
                    if (later, earlier) not in pairs:
                        pairs.add((later, earlier))
                        plan.matches.append(Match(copy_of=earlier, score=score, article_id=later))
                        copying.add(later)
                    continue
                for link_id, claim_id, claim_article, evidence_article in evidence_links.get(
                    evidence_id, ()
                ):
                    if claim_article in upstream[pk] and evidence_article != pk:
                        plan.matches.append(Match(copy_of=pk, score=score, link_id=link_id))
                        plan.claims.add(claim_id)
    plan.claims |= _claims_drawing_on(copying)
    return plan


def _with_texts(candidates: Mapping[int, set[int]]) -> list[tuple[tuple, set[int]]]:
    """Return each candidate's (article, evidence, signature) with the texts it may copy."""
    rows = TextSignature.objects.filter(
        pk__in=list(candidates), version=near.SIGNATURE_VERSION
    ).values_list("pk", "article_id", "evidence_id", "signature")
    return [
        ((article, evidence, bytes(signature)), candidates[pk])
        for pk, article, evidence, signature in rows
    ]


def _links_of(evidence_ids: set[int]) -> dict[int, list[tuple[int, int, int, int | None]]]:
    """Return evidence id -> (link, claim, claim's article, evidence's article) of its links."""
    found: dict[int, list[tuple[int, int, int, int | None]]] = {}
    if not evidence_ids:
        return found
    rows = EvidenceLink.objects.filter(evidence_id__in=evidence_ids).values_list(
        "evidence_id", "pk", "claim_id", "claim__article_id", "evidence__article_id"
    )
    for evidence_id, link_id, claim_id, claim_article, evidence_article in rows:
        found.setdefault(evidence_id, []).append(
            (link_id, claim_id, claim_article, evidence_article)
        )
    return found


def copies_apply(*, plan: CopyPlan, actor: Actor = None) -> bool:
    """Write a plan's signatures and flags; return whether any flag changed.

    Lock ``plan.claims`` first. A flag found again keeps its ruling and gets
    the new score; one nobody ruled on and not found again is removed.
    """
    for kind, pk, signature in plan.signatures:
        signature_write(**{kind: pk}, signature=signature)
    if plan.scope is None:
        return False
    existing = {
        (flag.link_id, flag.article_id, flag.copy_of_id): flag
        for flag in CopyFlag.objects.filter(plan.scope).select_for_update()
    }
    found = {}
    for match in plan.matches:
        key = (match.link_id, match.article_id, match.copy_of)
        if key not in found or match.score > found[key].score:
            found[key] = match
    changed = False
    for key, flag in existing.items():
        if key in found:
            score = found[key].score
            if flag.score != score:
                flag.score = score
                stamp_actor(flag, actor).save(update_fields=["score"])
        elif not flag.ruling:
            stamp_actor(flag, actor).delete()
            changed = True
    for key, match in found.items():
        if key in existing:
            continue
        flag = CopyFlag(
            link_id=match.link_id,
            article_id=match.article_id,
            copy_of_id=match.copy_of,
            score=match.score,
        )
        stamp_actor(flag, actor).save()
        changed = True
    return changed


def signature_write(
    *, article: int | None = None, evidence: int | None = None, signature: bytes | None
) -> None:
    """Store (or, for None, drop) one text's signature and its band keys."""
    target = {"article_id": article} if article is not None else {"evidence_id": evidence}
    existing = TextSignature.objects.filter(**target).first()
    if signature is None:
        if existing is not None:
            existing.delete()
        return
    if existing is not None:
        if bytes(existing.signature) == signature and existing.version == near.SIGNATURE_VERSION:
            return
        existing.signature, existing.version = signature, near.SIGNATURE_VERSION
        existing.save(update_fields=["signature", "version"])
        existing.bands.all().delete()
    else:
        existing = TextSignature.objects.create(
            **target, signature=signature, version=near.SIGNATURE_VERSION
        )
    SignatureBand.objects.bulk_create(
        [SignatureBand(signature=existing, key=key) for key in near.band_keys(signature)]
    )


def signatures_write_many(*, texts: Sequence[tuple[str, int, str]], batch_size: int = 500) -> int:
    """Sign many new texts, ("article" or "evidence", id, text), in a few queries; for bulk loads.

    The texts must have no signature yet. Return how many were signed.
    """
    rows, keys = [], []
    for kind, pk, text in texts:
        signature = text_signature(text)
        if signature is None:
            continue
        rows.append(
            TextSignature(**{f"{kind}_id": pk}, signature=signature, version=near.SIGNATURE_VERSION)
        )
        keys.append(near.band_keys(signature))
    created = TextSignature.objects.bulk_create(rows, batch_size=batch_size)
    SignatureBand.objects.bulk_create(
        [
            SignatureBand(signature_id=row.pk, key=key)
            for row, row_keys in zip(created, keys, strict=True)
            for key in row_keys
        ],
        batch_size=batch_size * near.BANDS,
    )
    return len(created)


@transaction.atomic
def evidence_text_check(*, evidence: Evidence, actor: Actor = None) -> set[int]:
    """Re-sign evidence after its summary changed and re-flag its links; return their claims.

    The caller holds the evidence; the claims are locked here before any flag is written.
    """
    links = list(EvidenceLink.objects.filter(evidence_id=evidence.pk).select_related("evidence"))
    signature = text_signature(evidence.summary)
    plan = copies_plan_links(links=links, signature=signature)
    plan.signatures.append(("evidence", evidence.pk, signature))
    claims_lock(claim_ids=plan.claims)
    copies_apply(plan=plan, actor=actor)
    return plan.claims


@transaction.atomic
def copy_rule(
    *,
    flag: CopyFlag,
    ruling: str,
    reason: str,
    actor: Actor,
    ruled_at: datetime.datetime | None = None,
) -> CopyFlag:
    """Record a fact-checker's ruling on a likely copy, with its reason; re-judge what it moves.

    "A copy" makes the flagged text not independent; "not a copy" lets it
    count. A later ruling replaces the earlier one; the history keeps both.
    ``ruled_at`` is for imports, which keep when the ruling was made.
    """
    if ruling not in CopyRuling.ALL:
        raise ValidationError({"ruling": f"Unknown ruling {ruling!r}."})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why: a ruling is kept with its reason."})
    if len(reason) > VERDICT_REASON_MAX:
        raise ValidationError({"reason": f"At most {VERDICT_REASON_MAX} characters."})
    if flag.article_id is not None:
        if not Article.objects.select_for_update().filter(pk=flag.article_id).exists():
            raise Conflict("The article was deleted meanwhile. Reload the page.")
        claim_ids = _claims_drawing_on({flag.article_id})
    else:
        claim_ids = set(
            EvidenceLink.objects.filter(pk=flag.link_id).values_list("claim_id", flat=True)
        )
    claims_lock(claim_ids=claim_ids)
    fresh = CopyFlag.objects.select_for_update().filter(pk=flag.pk).first()
    if fresh is None:
        raise Conflict("The copy flag is gone: the text changed or the link was removed.")
    fresh.ruling, fresh.reason = ruling, reason
    fresh.ruled_by, fresh.ruled_at = actor, ruled_at or timezone.now()
    fresh.full_clean()
    stamp_actor(fresh, actor, reason).save(
        update_fields=["ruling", "reason", "ruled_by", "ruled_at"]
    )
    if claim_ids:
        claims_recompute(claim_ids=claim_ids, actor=actor)
    for name in ("ruling", "reason", "ruled_by", "ruled_at"):
        setattr(flag, name, getattr(fresh, name))
    return fresh


@transaction.atomic
def copy_flag_ensure(
    *,
    copy_of: Article,
    link: EvidenceLink | None = None,
    article: Article | None = None,
    actor: Actor = None,
) -> CopyFlag:
    """Return the flag on a link's evidence text or an article's body, creating it if missing.

    For imports of a ruling: the copy check normally flags the text itself;
    a ruling made elsewhere (other settings, a text since edited) still needs
    its flag. The score is the stored signatures' similarity, 0 without them.
    """
    if (link is None) == (article is None):
        raise ValidationError({"article": "Flag either a link's evidence text or an article."})
    where = {"link": link} if link is not None else {"article": article}
    found = CopyFlag.objects.filter(**where, copy_of=copy_of).first()
    if found is not None:
        return found
    texts = {"article_id": article.pk} if article is not None else {"evidence_id": link.evidence_id}
    mine = TextSignature.objects.filter(**texts, version=near.SIGNATURE_VERSION).first()
    theirs = TextSignature.objects.filter(
        article_id=copy_of.pk, version=near.SIGNATURE_VERSION
    ).first()
    score = (
        near.similarity(bytes(mine.signature), bytes(theirs.signature)) if mine and theirs else 0.0
    )
    flag = CopyFlag(**where, copy_of=copy_of, score=score)
    stamp_actor(flag, actor).save()
    return flag
