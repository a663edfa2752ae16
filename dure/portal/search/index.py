"""Keeping SearchDocument rows in step with enterprises and products."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from dure.portal.models import DocumentKind, SearchDocument, SearchWord
from dure.portal.search.analysis import jamo, lexemes, terms_text, vocabulary_words
from dure.portal.search.cache import bump_version
from dure.registry.models import Enterprise, EnterpriseStatus


def _enterprise_public(enterprise: Enterprise) -> bool:
    return enterprise.merged_into_id is None and enterprise.status != EnterpriseStatus.CLOSED


def _filter_columns(enterprise: Enterprise) -> dict[str, Any]:
    return {
        "primary_type": enterprise.primary_type or "",
        "district_code": enterprise.district_code or "",
        "industry": (enterprise.industry or "")[:100],
        "svi_grade": enterprise.svi_grade or "",
        "sells_online": enterprise.sells_online,
    }


def _fields(name: str, offers: Iterable[str], body: Iterable[str]) -> dict[str, str]:
    name_set = lexemes(name)
    offer_set = lexemes(*offers)
    body_set = lexemes(*body)
    return {
        "name_terms": terms_text(name_set),
        "offer_terms": terms_text(offer_set),
        "body_terms": terms_text(body_set),
        "all_terms": terms_text(name_set | offer_set | body_set),
    }


def enterprise_document(enterprise: Enterprise, product_names: list[str]) -> SearchDocument:
    """The unsaved index row for an enterprise (its products' names count as what it offers)."""
    return SearchDocument(
        kind=DocumentKind.ENTERPRISE,
        enterprise=enterprise,
        product=None,
        title=enterprise.name[:200],
        is_public=_enterprise_public(enterprise),
        **_filter_columns(enterprise),
        **_fields(
            enterprise.name,
            [enterprise.offers, enterprise.industry, *product_names],
            [enterprise.description, enterprise.social_purpose, enterprise.needs],
        ),
    )


def product_document(product: Any, enterprise: Enterprise) -> SearchDocument:
    return SearchDocument(
        kind=DocumentKind.PRODUCT,
        enterprise=enterprise,
        product=product,
        title=product.name[:200],
        is_public=_enterprise_public(enterprise) and bool(product.is_active),
        price=product.price,
        **_filter_columns(enterprise),
        # A product is found by its own name first, then by its category and its maker's name.
        **_fields(product.name, [product.category, enterprise.name], [product.description]),
    )


def remember_words(texts: Iterable[str]) -> None:
    words: set[str] = set()
    for text in texts:
        words |= vocabulary_words(text)
    words = {w for w in words if len(w) <= 60}
    if not words:
        return
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, jamo=jamo(w)[:200], length=len(w)) for w in sorted(words - known)],
        ignore_conflicts=True,
    )


def _save(document: SearchDocument) -> None:
    lookup: dict[str, Any] = {"kind": document.kind}
    if document.kind == DocumentKind.PRODUCT:
        lookup["product"] = document.product
    else:
        lookup["enterprise"] = document.enterprise
    values = {
        field.name: getattr(document, field.name)
        for field in SearchDocument._meta.concrete_fields
        if field.name not in ("id", "indexed_at", "kind")
    }
    values.pop("product" if document.kind == DocumentKind.PRODUCT else "enterprise")
    SearchDocument.objects.update_or_create(**lookup, defaults=values)


@transaction.atomic
def index_enterprise(enterprise: Enterprise) -> None:
    """Re-index one enterprise and all its products."""
    from dure.market.models import Product

    products = list(Product.objects.filter(enterprise=enterprise).order_by("pk"))
    active_names = [p.name for p in products if p.is_active]
    _save(enterprise_document(enterprise, active_names))
    for product in products:
        _save(product_document(product, enterprise))
    remember_words([enterprise.name, enterprise.offers, enterprise.industry, enterprise.description])
    remember_words(p.name for p in products)
    bump_version()


@transaction.atomic
def index_product(product: Any) -> None:
    """Re-index one product and its enterprise (whose offers include the product's name)."""
    index_enterprise(Enterprise.objects.get(pk=product.enterprise_id))


# A rebuild of at least this many documents drops the GIN indexes first and builds them again
# at the end (PostgreSQL): one sorted build instead of an index insertion per row.
REBUILD_DROPS_INDEXES_FROM = 20_000


def _gin_index_definitions() -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of every GIN index on the search table (PostgreSQL)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_am a ON a.oid = c.relam WHERE i.tablename = %s AND a.amname = 'gin' "
            "AND i.schemaname = current_schema() ORDER BY i.indexname",
            [SearchDocument._meta.db_table],
        )
        return list(cursor.fetchall())


def rebuild(*, batch_size: int = 2000) -> int:
    """Throw the index away and build it again from every enterprise and product."""
    from dure.market.models import Product

    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchWord.objects.all().delete()
        bump_version()
    total = Enterprise.objects.count() + Product.objects.count()
    gin_indexes: list[tuple[str, str]] = []
    if connection.vendor == "postgresql" and total >= REBUILD_DROPS_INDEXES_FROM:
        gin_indexes = _gin_index_definitions()
        with transaction.atomic(), connection.cursor() as cursor:
            for name, _definition in gin_indexes:
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
    try:
        count = _insert_all(batch_size)
    finally:
        if gin_indexes:
            with transaction.atomic(), connection.cursor() as cursor:
                for _name, definition in gin_indexes:
                    cursor.execute(definition)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {SearchDocument._meta.db_table}")
    with transaction.atomic():
        bump_version()
    return count


def _quoted_column(field: Field[Any, Any]) -> str:
    """The quoted database column of a concrete field."""
    if field.column is None:  # never for a concrete field
        raise ValueError(f"{field} has no database column")
    return connection.ops.quote_name(field.column)


def _copy(documents: list[SearchDocument]) -> None:
    """Insert unsaved documents with PostgreSQL's COPY: no SQL to build, no parameters to bind."""
    fields = [f for f in SearchDocument._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(_quoted_column(f) for f in fields)
    now = timezone.now()
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for document in documents:
            document.indexed_at = now
            copy.write_row([getattr(document, f.attname) for f in fields])


def _insert_all(batch_size: int) -> int:
    from dure.market.models import Product

    product_names: dict[int, list[str]] = {}
    for enterprise_id, name in (
        Product.objects.filter(is_active=True).order_by("pk").values_list("enterprise_id", "name")
    ):
        product_names.setdefault(enterprise_id, []).append(name)
    count = 0
    batch: list[SearchDocument] = []
    words: set[str] = set()

    def flush() -> None:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                _copy(batch)
            else:
                SearchDocument.objects.bulk_create(batch)
            # Pages cached while the rebuild runs must not outlive the next batch.
            bump_version()
        batch.clear()

    enterprises: dict[int, Enterprise] = {}
    for enterprise in Enterprise.objects.order_by("pk").iterator(chunk_size=batch_size):
        enterprises[enterprise.pk] = enterprise
        batch.append(enterprise_document(enterprise, product_names.get(enterprise.pk, [])))
        for text in (enterprise.name, enterprise.offers, enterprise.industry, enterprise.description):
            words |= vocabulary_words(text)
        count += 1
        if len(batch) >= batch_size:
            flush()
    for product in Product.objects.order_by("pk").iterator(chunk_size=batch_size):
        batch.append(product_document(product, enterprises[product.enterprise_id]))
        words |= vocabulary_words(product.name)
        count += 1
        if len(batch) >= batch_size:
            flush()
    flush()
    words = {w for w in words if len(w) <= 60}
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, jamo=jamo(w)[:200], length=len(w)) for w in sorted(words)],
        batch_size=batch_size,
        ignore_conflicts=True,
    )
    return count
