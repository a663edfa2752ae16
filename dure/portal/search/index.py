"""Keeping SearchDocument rows in step with enterprises and products."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Field
from django.utils import timezone

from dure.portal.models import DocumentKind, SearchDocument, SearchTitleBoundary, SearchWord
from dure.portal.search.analysis import jamo, lexemes, terms_text, vocabulary_words
from dure.portal.search.cache import bump_version
from dure.registry.models import Enterprise, EnterpriseStatus

# Each kind's documents fall into this many title buckets (see SearchDocument.title_bucket),
# each twice as large as the one before: the first 1/64 of titles, the next 1/64, then 2/64,
# 4/64 … and the last 32/64.
TITLE_BUCKETS = 7


def title_bucket_of_rank(rank: int, total: int) -> int:
    """The bucket of the document at `rank` (0-based) of `total` in title order.

    A ranked page asks the buckets in turn: the first is small, so a page of a broad query is
    found among 1/64 of the titles; and there are few of them, so matches that only start late
    in title order (names sorted by legal form, "(주)…" before "…협동조합", do that) are reached
    in a few questions.
    """
    sixty_fourth = rank * 64 // max(total, 1)
    return min(TITLE_BUCKETS - 1, sixty_fourth.bit_length())


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


def _save(document: SearchDocument) -> int:
    lookup: dict[str, Any] = {"kind": document.kind}
    if document.kind == DocumentKind.PRODUCT:
        lookup["product"] = document.product
    else:
        lookup["enterprise"] = document.enterprise
    values = {
        field.name: getattr(document, field.name)
        for field in SearchDocument._meta.concrete_fields
        if field.name not in ("id", "indexed_at", "kind", "title_bucket")
    }
    values.pop("product" if document.kind == DocumentKind.PRODUCT else "enterprise")
    saved, _created = SearchDocument.objects.update_or_create(**lookup, defaults=values)
    return saved.pk


def _bucket_of_document_sql() -> str:
    """SQL for the title bucket a document row (`d`) belongs in: the last boundary at or before it.

    Row comparison uses the column's collation, so it agrees with ORDER BY title, id.
    """
    boundary = connection.ops.quote_name(SearchTitleBoundary._meta.db_table)
    return (
        f"COALESCE((SELECT MAX(b.bucket) FROM {boundary} b WHERE b.kind = d.kind "  # noqa: S608
        "AND (b.title, b.document_id) <= (d.title, d.id)), 0)"
    )


def assign_title_buckets(document_ids: list[int] | None = None) -> int:
    """Put documents (all when None) in the bucket their (title, pk) falls in; returns how many moved.

    Index writes call it inside their transaction, after `_hold_boundaries()`.
    """
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    bucket = _bucket_of_document_sql()
    sql = f"UPDATE {table} AS d SET title_bucket = {bucket} WHERE d.title_bucket <> {bucket}"  # noqa: S608
    params: list[Any] = []
    if document_ids is not None:
        if not document_ids:
            return 0
        sql += f" AND d.id IN ({', '.join(['%s'] * len(document_ids))})"
        params = list(document_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _hold_boundaries(mode: str) -> None:
    """Lock the title boundaries until the transaction ends (PostgreSQL; SQLite runs one writing
    transaction at a time anyway).

    Index writes hold them in SHARE mode from their start, before touching any document; a
    rebuild redrawing them (`_draw_boundaries`) holds them in EXCLUSIVE mode: it waits for the
    writes in flight and then checks what they wrote, and a write that starts meanwhile waits for
    the new boundaries. Both take the boundaries before the documents, so they cannot deadlock.
    """
    if connection.vendor != "postgresql":
        return
    boundary = connection.ops.quote_name(SearchTitleBoundary._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {boundary} IN {mode} MODE")


@transaction.atomic
def index_enterprise(enterprise: Enterprise) -> None:
    """Re-index one enterprise and all its products."""
    from dure.market.models import Product

    _hold_boundaries("SHARE")
    products = list(Product.objects.filter(enterprise=enterprise).order_by("pk"))
    active_names = [p.name for p in products if p.is_active]
    saved = [_save(enterprise_document(enterprise, active_names))]
    for product in products:
        saved.append(_save(product_document(product, enterprise)))
    assign_title_buckets(saved)
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
        _hold_boundaries("EXCLUSIVE")  # before the documents, as index writes do
        if connection.vendor == "postgresql":
            # A new, empty heap: the documents then lie on disk in the order they are written
            # (title order, `_insert_all`); after a DELETE they would fill the old rows' space.
            tables = ", ".join(
                connection.ops.quote_name(model._meta.db_table)
                for model in (SearchDocument, SearchWord, SearchTitleBoundary)
            )
            with connection.cursor() as cursor:
                # TRUNCATE refuses a table with deferred foreign-key checks still pending (a
                # rebuild inside a larger transaction): run them now, then defer again as Django's
                # constraints are.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"TRUNCATE {tables}")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            SearchDocument.objects.all().delete()
            SearchWord.objects.all().delete()
            SearchTitleBoundary.objects.all().delete()
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
    with transaction.atomic():
        _draw_boundaries()
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


def _title_ranks(titles: list[str]) -> list[int]:
    """Each title's position in the database's own (title, position) order."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.i FROM unnest(%s::text[]) WITH ORDINALITY AS t(title, i) ORDER BY t.title, t.i",
                [titles],
            )
            order = [i - 1 for (i,) in cursor.fetchall()]
    else:
        # SQLite compares text as UTF-8 bytes, which is code point order: Python's own.
        order = sorted(range(len(titles)), key=lambda i: (titles[i], i))
    ranks = [0] * len(titles)
    for rank, i in enumerate(order):
        ranks[i] = rank
    return ranks


def _title_order(titles_by_pk: dict[int, str]) -> list[tuple[int, int]]:
    """(source pk, even title bucket) of every source, in the database's (title, pk) order.

    The rebuild writes the documents in this order, so each kind's documents lie in title order
    on disk: the matches of one title bucket share heap pages (docs/portal.md), and documents
    get ascending primary keys along (title, source pk), so equal titles are ordered by source
    pk exactly as by document pk.
    """
    pks = sorted(titles_by_pk)
    ranks = _title_ranks([titles_by_pk[pk] for pk in pks])
    total = len(pks)
    ordered = sorted(zip(ranks, pks, strict=True))
    return [(pk, title_bucket_of_rank(rank, total)) for rank, pk in ordered]


def _in_order(model: Any, order: list[tuple[int, int]], chunk_size: int) -> Iterable[tuple[Any, int]]:
    """(instance, bucket) of `model` along `order`, read `chunk_size` rows at a time."""
    for start in range(0, len(order), chunk_size):
        chunk = order[start : start + chunk_size]
        instances = model.objects.in_bulk([pk for pk, _ in chunk])
        for pk, bucket in chunk:
            if pk in instances:  # deleted since the titles were read
                yield instances[pk], bucket


def _draw_boundaries() -> None:
    """Record each bucket's first (title, pk), after making sure buckets grow along title order.

    The rebuild assigned even buckets in title order; anything indexed meanwhile by another
    process may not fit, and is moved to the bucket its title falls in.
    """
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    boundary = connection.ops.quote_name(SearchTitleBoundary._meta.db_table)
    _hold_boundaries("EXCLUSIVE")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {boundary}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {boundary} (kind, bucket, title, document_id) "  # noqa: S608
            "SELECT kind, title_bucket, title, id FROM (SELECT kind, title_bucket, title, id, "
            "ROW_NUMBER() OVER (PARTITION BY kind, title_bucket ORDER BY title, id) AS n "
            f"FROM {table}) AS firsts WHERE n = 1"
        )
        cursor.execute(
            "SELECT COUNT(*) FROM (SELECT title_bucket < LAG(title_bucket) OVER "  # noqa: S608
            f"(PARTITION BY kind ORDER BY title, id) AS behind FROM {table}) AS steps WHERE behind"
        )
        (out_of_order,) = cursor.fetchone()
    if out_of_order:
        assign_title_buckets()


def _insert_all(batch_size: int) -> int:
    from dure.market.models import Product

    enterprise_order = _title_order(
        {pk: name[:200] for pk, name in Enterprise.objects.values_list("pk", "name")}
    )
    product_order = _title_order({pk: name[:200] for pk, name in Product.objects.values_list("pk", "name")})
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
    for enterprise, bucket in _in_order(Enterprise, enterprise_order, batch_size):
        enterprises[enterprise.pk] = enterprise
        document = enterprise_document(enterprise, product_names.get(enterprise.pk, []))
        document.title_bucket = bucket
        batch.append(document)
        for text in (enterprise.name, enterprise.offers, enterprise.industry, enterprise.description):
            words |= vocabulary_words(text)
        count += 1
        if len(batch) >= batch_size:
            flush()
    for product, bucket in _in_order(Product, product_order, batch_size):
        enterprise = enterprises.get(product.enterprise_id)
        if enterprise is None:  # its enterprise was added after the enterprises were read
            enterprise = enterprises[product.enterprise_id] = Enterprise.objects.get(pk=product.enterprise_id)
        document = product_document(product, enterprise)
        document.title_bucket = bucket
        batch.append(document)
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
