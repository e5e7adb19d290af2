"""Issue 13's figures for the bench: origin counting, the copy check, records as of a date.

Run inside ``bench/measure.py`` after ``django.setup()``; every function
returns plain numbers for the JSON result.

- **Origin counting**: the per-claim cost of ``origins.count_origins`` (the
  pure rule, on inputs read in bulk beforehand) and of the whole
  ``services.claims_recompute`` (reading, judging, counting origins, writing),
  on a sample of claims with links, inside a transaction rolled back.
- **Copy check**: an index of text signatures is built through
  ``services.signatures_write_many`` (synthetic texts on the newsroom's
  evidence, once per database), then each probe text costs a signature and
  its band keys (``copies.signature``, ``copies.band_keys``), one indexed
  ``SignatureBand.key IN (...)`` lookup and ``copies.similarity`` on the
  candidates found. Half the probes are near-copies of indexed texts.
"""

from __future__ import annotations

import random
import statistics
import time

SAMPLE_CLAIMS = 2000
PROBES = 200
_VOCABULARY = """
rice corn meth price market border guard trader smuggler cadre county province
hyesan musan chongjin sinuiju yalu tumen river bridge customs permit bribe fee
phone broker defector relay court record ledger warehouse train truck fuel fish
squid coal copper timber cigarettes soldiers ministry security patrol arrest
crackdown shipment kilogram yuan won dollars wholesale retail night morning week
"""
WORDS = tuple(_VOCABULARY.split())


def _text(rng: random.Random, words: int = 90) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)) + "."


def _near_copy(rng: random.Random, text: str) -> str:
    """Return a light edit of ``text``: a dateline, and one word in twenty changed."""
    words = text.split()
    for index in rng.sample(range(len(words)), len(words) // 20):
        words[index] = rng.choice(WORDS)
    return "HYESAN, Reuters - " + " ".join(words)


def origin_counting(*, sample: int = SAMPLE_CLAIMS, seed: int = 13) -> dict:
    """Return the per-claim cost of origin counting, pure and within a full recompute."""
    from django.db import transaction

    from sources import services
    from sources.domain.origins import ClaimSource, EvidenceItem, count_origins
    from sources.models import Attribution, Claim, Evidence, EvidenceLink

    ids = list(
        Claim.objects.filter(links__isnull=False)
        .order_by()
        .values_list("pk", flat=True)
        .distinct()[: sample * 20]
    )
    ids = sorted(random.Random(seed).sample(ids, min(sample, len(ids))))
    if not ids:
        return {}
    articles = dict(Claim.objects.filter(pk__in=ids).values_list("pk", "article_id"))
    sources: dict[int, list] = {}
    for claim_id, source_id, codename, network in Attribution.objects.filter(
        claim_id__in=ids
    ).values_list("claim_id", "source_id", "source__codename", "source__network_id"):
        sources.setdefault(claim_id, []).append(
            ClaimSource(id=source_id, codename=codename, network_id=network)
        )
    links = list(
        EvidenceLink.objects.filter(claim_id__in=ids).values_list(
            "pk",
            "claim_id",
            "relation",
            "evidence__observed_on",
            "evidence__source_id",
            "evidence__source__network_id",
            "evidence__article_id",
            "evidence__basis",
            "evidence_id",
        )
    )
    cites: dict[int, list[int]] = {}
    for evidence_id, article_id in Evidence.cites.through.objects.filter(
        evidence_id__in={row[8] for row in links}
    ).values_list("evidence_id", "article_id"):
        cites.setdefault(evidence_id, []).append(article_id)
    graph = services.derived._citation_graph(
        {row[6] for row in links if row[6]}
        | {article for cited in cites.values() for article in cited}
        | set(articles.values())
    )
    items: dict[int, list] = {}
    for pk, claim_id, relation, observed, source, network, article, basis, evidence in links:
        items.setdefault(claim_id, []).append(
            EvidenceItem(
                id=pk,
                relation=relation,
                observed_on=observed,
                source_id=source,
                network_id=network,
                article_id=article,
                cites=tuple(cites.get(evidence, ())),
                basis=basis,
            )
        )
    started = time.perf_counter()
    for claim_id in ids:
        count_origins(
            claim_article=articles[claim_id],
            claim_sources=sources.get(claim_id, []),
            items=items.get(claim_id, []),
            citations=graph,
        )
    pure = (time.perf_counter() - started) / len(ids)
    batch = ids[:500]

    class Rollback(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            services.claims_recompute(claim_ids=batch)
            raise Rollback
    except Rollback:
        pass
    recompute = (time.perf_counter() - started) / len(batch)
    return {
        "claims": len(ids),
        "links": len(links),
        "links_per_claim": len(links) / len(ids),
        "count_origins_us_per_claim": pure * 1e6,
        "claims_recompute_ms_per_claim": recompute * 1e3,
        "recompute_batch": len(batch),
    }


def copy_check(*, index_size: int, probes: int = PROBES, seed: int = 13) -> dict:
    """Return the per-text cost of the copy check against an index of ``index_size`` texts."""
    from django.db import connection

    from sources.domain import copies
    from sources.models import Evidence, SignatureBand, TextSignature
    from sources.services.copies import signatures_write_many

    rng = random.Random(seed)
    have = TextSignature.objects.count()
    built_s = 0.0
    if have < index_size:
        wanted = index_size - have
        ids = list(
            Evidence.objects.filter(signature__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:wanted]
        )
        started = time.perf_counter()
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            signatures_write_many(
                texts=[("evidence", pk, _text(random.Random(pk))) for pk in chunk]
            )
        built_s = time.perf_counter() - started
        if connection.vendor == "postgresql":
            # As after any bulk load (the generator does the same): without fresh
            # statistics the planner takes the band index for useless and scans.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE sources_textsignature, sources_signatureband")
    indexed = TextSignature.objects.count()
    bands = SignatureBand.objects.count()
    sample = list(
        TextSignature.objects.filter(evidence__isnull=False)
        .order_by("pk")
        .values_list("evidence_id", flat=True)[: probes * 20]
    )
    chosen = rng.sample(sample, min(probes // 2, len(sample)))
    texts = [_near_copy(rng, _text(random.Random(pk))) for pk in chosen]
    texts += [_text(rng) for _ in range(probes - len(texts))]
    sign, lookup, compare, candidates, flagged = [], [], [], [], 0
    for text in texts:
        started = time.perf_counter()
        signature = copies.signature(text)
        keys = copies.band_keys(signature)
        sign.append(time.perf_counter() - started)
        started = time.perf_counter()
        found = set(
            SignatureBand.objects.filter(key__in=keys).values_list("signature_id", flat=True)
        )
        stored = list(
            TextSignature.objects.filter(pk__in=found).values_list("signature", flat=True)
        )
        lookup.append(time.perf_counter() - started)
        started = time.perf_counter()
        scores = [copies.similarity(signature, bytes(other)) for other in stored]
        compare.append(time.perf_counter() - started)
        candidates.append(len(stored))
        flagged += any(score >= copies.COPY_THRESHOLD for score in scores)
    return {
        "index_texts": indexed,
        "index_bands": bands,
        "index_built_s": built_s,
        "probes": len(texts),
        "near_copies": len(chosen),
        "flagged": flagged,
        "candidates_median": statistics.median(candidates),
        "candidates_max": max(candidates),
        "sign_ms": statistics.median(sign) * 1e3,
        "lookup_ms": statistics.median(lookup) * 1e3,
        "compare_ms": statistics.median(compare) * 1e3,
        "check_ms": statistics.median(
            [a + b + c for a, b, c in zip(sign, lookup, compare, strict=True)]
        )
        * 1e3,
    }
