"""Searching the portal index: matching, ranking, filters, facet counts and suggestions.

Matching: every query term must occur (as its lexemes) in the document's `all_terms`.
Ranking: for each term, 100 points when the name has it, 10 when what the enterprise offers
(offers, industry, product names; for a product its category and maker) has it, 1 otherwise;
ties by title then pk. SQLite matches through LIKE on the stored terms; PostgreSQL through GIN
indexes on stored vectors: a ranked page tier by tier and title bucket by bucket on `tier_vec`
(`ranked_page`), the capped count on `tier_vec` too, the scored query on `all_vec`. Both give
the same answers (portal/tests/test_search.py runs the same fixed queries on both).
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Expression

from dure.core.beside import beside
from dure.core.db import fetch_prepared
from dure.portal.models import DocumentKind, SearchDocument, SearchWord
from dure.portal.search.analysis import edit_distance, jamo, query_terms, term_lexemes
from dure.portal.search.index import TITLE_BUCKETS

NAME_WEIGHT = 100
OFFER_WEIGHT = 10
BODY_WEIGHT = 1

SORTS = ("relevance", "name", "-name")

# Counting stops here: a broad query ("협동조합") matches tens of thousands of documents and an
# exact count would read every one of them; past the cap the count says "at least".
COUNT_CAP = 1_000
# Ranking in tiers (one query per score, best first, stopping once the page is full) enumerates
# every way the terms can fall into name/offer/body: 3**terms ways, so only for short queries.
TIERED_MAX_TERMS = 3
TIERED_MAX_ROWS = 2_000


@dataclass
class SearchFilters:
    types: list[str] = field(default_factory=list)
    district: str = ""
    industry: str = ""
    svi_grade: str = ""
    sells_online: bool | None = None

    def apply(self, queryset: QuerySet[SearchDocument], *, skip: str = "") -> QuerySet[SearchDocument]:
        types = [t for t in self.types if t]
        if types and skip != "type":
            queryset = queryset.filter(primary_type__in=types)
        if self.district and skip != "district":
            queryset = queryset.filter(district_code__startswith=self.district)
        if self.industry and skip != "industry":
            queryset = queryset.filter(industry=self.industry)
        if self.svi_grade and skip != "svi_grade":
            queryset = queryset.filter(svi_grade=self.svi_grade)
        if self.sells_online is not None and skip != "sells_online":
            queryset = queryset.filter(sells_online=self.sells_online)
        return queryset


def _field_has(field_name: str, lexemes: list[str]) -> Q:
    condition = Q()
    for lexeme in lexemes:
        condition &= Q(**{f"{field_name}__contains": f" {lexeme} "})
    return condition


def _tsquery(lexemes: list[str]) -> str:
    # Lexemes are letters and digits only (analysis._WORD), so quoting cannot break out.
    return " & ".join(f"'{lexeme}'" for lexeme in lexemes)


class _StoredVectorMatch(Expression):
    """`<table>.<column>_vec @@ tsquery` on the stored tsvector columns (PostgreSQL only).

    The table is named by the alias the compiled query gives it, so the condition stays right
    when the search is used as a subquery (where the table is relabelled, e.g. U0).
    """

    output_field = BooleanField()

    def __init__(self, column: str, tsquery: str) -> None:
        super().__init__(output_field=BooleanField())
        self.column = column
        self.tsquery = tsquery

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, tuple[Any, ...]]:
        alias = compiler.query.get_initial_alias()
        table = compiler.quote_name_unless_alias(alias)
        return f'{table}."{self.column}" @@ %s::tsquery', (self.tsquery,)


def _match(queryset: QuerySet[SearchDocument], terms: list[str]) -> QuerySet[SearchDocument]:
    all_lexemes = sorted({lexeme for term in terms for lexeme in term_lexemes(term)})
    if connection.vendor == "postgresql":
        # all_vec: a stored tsvector of all_terms (migration 0003), under a partial GIN index.
        return queryset.filter(_StoredVectorMatch("all_vec", _tsquery(all_lexemes)))
    return queryset.filter(_field_has("all_terms", all_lexemes))


def _field_matches(field_name: str, lexemes: list[str]) -> Any:
    """A condition 'this field holds every lexeme': stored tsvector on PostgreSQL, LIKE elsewhere."""
    if connection.vendor == "postgresql":
        column = field_name.replace("_terms", "_vec")
        return _StoredVectorMatch(column, _tsquery(lexemes))
    return _field_has(field_name, lexemes)


def _score(terms: list[str]) -> Any:
    total: Any = Value(0)
    for term in terms:
        lexemes = term_lexemes(term)
        total = total + Case(
            When(_field_matches("name_terms", lexemes), then=Value(NAME_WEIGHT)),
            When(_field_matches("offer_terms", lexemes), then=Value(OFFER_WEIGHT)),
            default=Value(BODY_WEIGHT),
            output_field=IntegerField(),
        )
    return total


def search(
    query: str,
    *,
    kind: str = DocumentKind.ENTERPRISE,
    filters: SearchFilters | None = None,
    sort: str = "relevance",
) -> QuerySet[SearchDocument]:
    """Public documents of `kind` matching `query` and `filters`, best first.

    An empty query matches everything (then 'relevance' sorts by name).
    """
    queryset = SearchDocument.objects.filter(kind=kind, is_public=True)
    if filters is not None:
        queryset = filters.apply(queryset)
    terms = query_terms(query)
    if terms:
        queryset = _match(queryset, terms).annotate(score=_score(terms))
    else:
        queryset = queryset.annotate(score=Value(0, output_field=IntegerField()))
    if sort == "name":
        return queryset.order_by("title", "pk")
    if sort == "-name":
        return queryset.order_by("-title", "-pk")
    return queryset.order_by("-score", "title", "pk")


def _base(kind: str, filters: SearchFilters | None) -> QuerySet[SearchDocument]:
    queryset = SearchDocument.objects.filter(kind=kind, is_public=True)
    return filters.apply(queryset) if filters is not None else queryset


def capped_count(
    query: str, *, kind: str = DocumentKind.ENTERPRISE, filters: SearchFilters | None = None
) -> tuple[int, bool]:
    """(number of matches, whether counting stopped at COUNT_CAP) — never reads past the cap."""
    statement = _count_statement(query, kind=kind, filters=filters)
    if statement is not None:
        return _run_count(*statement)
    queryset = _base(kind, filters)
    terms = query_terms(query)
    if terms:
        queryset = _match(queryset, terms)
    return _capped(queryset.order_by()[: COUNT_CAP + 1].count())


def _capped(matches: int) -> tuple[int, bool]:
    return (COUNT_CAP, True) if matches > COUNT_CAP else (matches, False)


def _count_statement(query: str, *, kind: str, filters: SearchFilters | None) -> tuple[str, list[Any]] | None:
    """The PostgreSQL statement counting `query`'s matches up to the cap (None elsewhere).

    Bucket by bucket on `tier_vec` (the whole text's lexemes, `a<bucket>.<lexeme>`): each
    bucket's posting lists are a fraction of the word's, and reading stops at the cap, so a
    broad query never intersects its whole lists (`협동조합`: 1.9 ms against 3.9).
    """
    terms = query_terms(query)
    if not terms or connection.vendor != "postgresql":
        return None
    lexemes = sorted({lexeme for term in terms for lexeme in term_lexemes(term)})
    base_sql, base_params = _base_select(kind, filters, ())
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    buckets = " UNION ALL ".join(
        f'({base_sql} AND {table}."tier_vec" @@ %s::tsquery)' for _ in range(TITLE_BUCKETS)
    )
    params: list[Any] = []
    for step in range(TITLE_BUCKETS):
        params.extend(base_params)
        params.append(_tsquery([f"a{step}.{lexeme}" for lexeme in lexemes]))
    return f"SELECT COUNT(*) FROM ({buckets} LIMIT {int(COUNT_CAP) + 1}) AS matches", params  # noqa: S608


def _run_count(sql: str, params: list[Any]) -> tuple[int, bool]:
    ((matches,),) = fetch_prepared(sql, params)
    return _capped(matches)


@dataclass(frozen=True)
class _Has:
    """'`field` holds every lexeme' (or, negated, does not): one conjunct of a tier assignment."""

    field: str
    lexemes: tuple[str, ...]
    negated: bool = False

    def q(self) -> Q:
        condition = Q(_field_matches(self.field, list(self.lexemes)))
        return ~condition if self.negated else condition

    def tier_lexemes(self, bucket: int) -> str:
        """This conjunct in one title bucket, as a tsquery on `tier_vec` (migration 0007).

        `tier_vec` holds every lexeme as `<field><bucket>.<lexeme>`: `n3.협동` is 협동 in the
        name of a document in title bucket 3. A negated conjunct is `!(…)`: the document's field
        does not hold every lexeme of the term.
        """
        prefix = f"{_TIER_FIELD_PREFIX[self.field]}{int(bucket)}."
        group = _tsquery([prefix + lexeme for lexeme in self.lexemes])
        return f"!({group})" if self.negated else group


_TIER_FIELD_PREFIX = {"name_terms": "n", "offer_terms": "o", "all_terms": "a"}


def _tier_conditions(terms: list[str]) -> list[list[list[_Has]]]:
    """The score tiers, best score first; each tier as its assignments, each a list of conjuncts.

    A term scores 100 in the name, else 10 in the offers, else 1 (see _score); a score of
    100a + 10b + c (a + b + c = number of terms < 10) belongs to exactly one (a, b, c), so a tier
    is the set of assignments of terms to fields with those counts. The assignments of one tier
    are disjoint (a document has exactly one), and each is a plain AND of vector conditions.
    """
    per_term = []
    for term in terms:
        lexemes = tuple(term_lexemes(term))
        name, offer = _Has("name_terms", lexemes), _Has("offer_terms", lexemes)
        not_name = _Has("name_terms", lexemes, negated=True)
        not_offer = _Has("offer_terms", lexemes, negated=True)
        # A name or offer match implies a match in all_terms; only the body tier asks all_terms,
        # so PostgreSQL answers the first tiers from the name/offer GIN indexes alone.
        anywhere = _Has("all_terms", lexemes)
        per_term.append(
            (
                (NAME_WEIGHT, [name]),
                (OFFER_WEIGHT, [not_name, offer]),
                (BODY_WEIGHT, [not_name, not_offer, anywhere]),
            )
        )
    by_score: dict[int, list[list[_Has]]] = {}
    for combination in itertools.product(*per_term):
        score = sum(weight for weight, _ in combination)
        by_score.setdefault(score, []).append([has for _, part in combination for has in part])
    return [by_score[score] for score in sorted(by_score, reverse=True)]


def ranked_page(
    query: str,
    *,
    kind: str = DocumentKind.ENTERPRISE,
    filters: SearchFilters | None = None,
    sort: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    fields: tuple[str, ...] = ("pk",),
) -> list[Any]:
    """`fields` of the SearchDocuments on one page (one tuple per document), in the order of `search()`.

    For relevance with few terms it reads tier by tier (name matches first, by title) and stops
    as soon as the page is full, so a query matching thousands of rows reads a few of them.
    A tier with several assignments is read as a UNION ALL of one plain AND per assignment, not
    as one OR: PostgreSQL then takes each assignment's rows from its GIN index and never has to
    test the wide, TOASTed `all_vec` of every candidate row in a filter. On PostgreSQL each
    tier is also read title bucket by title bucket (`_tier_rows_by_bucket`).
    """
    terms = query_terms(query)
    if sort != "relevance" or not terms or len(terms) > TIERED_MAX_TERMS or offset + limit > TIERED_MAX_ROWS:
        documents = search(query, kind=kind, filters=filters, sort=sort)
        return list(documents.values_list(*fields)[offset : offset + limit])
    matched = _base(kind, filters)
    wanted = offset + limit
    found: list[Any] = []
    postgresql = connection.vendor == "postgresql"
    base_sql = _base_select(kind, filters, fields) if postgresql else None
    for assignments in _tier_conditions(terms):
        need = wanted - len(found)
        if base_sql is not None:
            found.extend(_tier_rows_by_bucket(matched, base_sql, assignments, fields, need))
        else:
            found.extend(_tier_rows(matched, assignments, fields, need))
        if len(found) >= wanted:
            break
    return found[offset:wanted]


def ranked_page_and_count(
    query: str,
    *,
    kind: str = DocumentKind.ENTERPRISE,
    filters: SearchFilters | None = None,
    sort: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    fields: tuple[str, ...] = ("pk",),
) -> tuple[list[Any], Callable[[], tuple[int, bool]]]:
    """(`ranked_page(...)`, a call giving `capped_count(...)`).

    The count does not depend on the ranking, so on PostgreSQL it runs beside it, on a second
    connection (core.beside), and the caller asks for it last: a page then costs the longest of
    the ranking plus what the caller reads next, and the count, not their sum. When the page
    holds the whole result its length is the count, and the count is not waited for.
    """
    # The statement is written here, so the side thread only has to send it: Python threads
    # take turns, and the count should reach PostgreSQL before the ranking is even written.
    statement = _count_statement(query, kind=kind, filters=filters)
    if statement is not None:
        count = beside(_run_count, *statement)
    else:
        count = beside(capped_count, query, kind=kind, filters=filters)
    rows = ranked_page(
        query, kind=kind, filters=filters, sort=sort, offset=offset, limit=limit, fields=fields
    )
    if offset == 0 and len(rows) < limit:
        whole = (len(rows), False)
        return rows, lambda: whole
    return rows, count


def _tier_rows(
    matched: QuerySet[SearchDocument], assignments: list[list[_Has]], fields: tuple[str, ...], count: int
) -> list[Any]:
    """The first `count` documents of one tier as `fields` tuples, in title order."""
    parts = []
    for conjuncts in assignments:
        condition = Q()
        for has in conjuncts:
            condition &= has.q()
        parts.append(matched.filter(condition).values_list(*fields, "title", "pk"))
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    width = len(fields)
    return [row[:width] for row in rows.order_by("title", "pk")[:count]]


def _base_select(
    kind: str, filters: SearchFilters | None, fields: tuple[str, ...]
) -> tuple[str, tuple[Any, ...]]:
    """`SELECT *fields, title, id FROM … WHERE <filters> AND kind = '<kind>' AND is_public`.

    The kind is written into the text, not passed as a parameter: the GIN indexes are partial
    (one per kind, public documents only), and a prepared statement's plan can only use a
    partial index whose condition the statement's text itself implies.
    """
    if kind not in DocumentKind.values:
        raise ValueError(f"unknown document kind: {kind!r}")
    filter_key = None
    if filters is not None:
        filter_key = (
            tuple(filters.types),
            filters.district,
            filters.industry,
            filters.svi_grade,
            filters.sells_online,
        )
    return _compiled_base_select(connection.vendor, kind, filter_key, fields)


@functools.lru_cache(maxsize=512)
def _compiled_base_select(
    vendor: str, kind: str, filter_key: tuple[Any, ...] | None, fields: tuple[str, ...]
) -> tuple[str, tuple[Any, ...]]:
    """`_base_select`, compiled once per (kind, filter values, fields): every cold search page
    asks for it twice (ranking and count), and the ORM's compiler took ~0.2 ms each time. The
    filter values are part of the key, so the parameters are the ones the text was compiled for.
    """
    queryset = SearchDocument.objects.order_by()
    if filter_key is not None:
        types, district, industry, svi_grade, sells_online = filter_key
        queryset = SearchFilters(
            types=list(types),
            district=district,
            industry=industry,
            svi_grade=svi_grade,
            sells_online=sells_online,
        ).apply(queryset)
    sql, params = queryset.values_list(*fields, "title", "pk").query.sql_with_params()
    if " ORDER BY " in sql or " LIMIT " in sql:
        raise ValueError(f"unexpected search base query: {sql}")
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    own = f'{table}."kind" = \'{kind}\' AND {table}."is_public"'
    sql += f" AND {own}" if " WHERE " in sql else f" WHERE {own}"
    return sql, tuple(params)


def _tier_rows_by_bucket(
    matched: QuerySet[SearchDocument],
    base: tuple[str, tuple[Any, ...]],
    assignments: list[list[_Has]],
    fields: tuple[str, ...],
    count: int,
) -> list[Any]:
    """`_tier_rows` on PostgreSQL, asking the title buckets in turn, in one statement.

    For each title bucket (search/index.py), the tier's matches in that bucket are sorted by
    title and limited; the buckets are appended in order (UNION ALL) under one LIMIT, so
    PostgreSQL stops at the first bucket that completes the page and never reads, let alone
    sorts, the matches of later titles. The SQL is written here, not by the ORM: a two-word
    query has dozens of parts, and compiling them through querysets cost more than running them.
    PostgreSQL reads a UNION ALL in order when it runs without parallel workers (settings turn
    them off); every row carries its bucket all the same, and should rows ever come back out of
    bucket order, the tier is read again the plain way.
    """
    base_sql, base_params = base
    table = connection.ops.quote_name(SearchDocument._meta.db_table)
    width = len(fields)
    pieces: list[str] = []
    params: list[Any] = []
    for step in range(TITLE_BUCKETS):
        selects = []
        for conjuncts in assignments:
            # The whole part is one condition on one GIN index: positive conjuncts first, so
            # the index starts from the words the document must hold.
            ordered_conjuncts = sorted(conjuncts, key=lambda has: has.negated)
            selects.append(f'({base_sql} AND {table}."tier_vec" @@ %s::tsquery)')
            params.extend(base_params)
            params.append(" & ".join(has.tier_lexemes(step) for has in ordered_conjuncts))
        union = " UNION ALL ".join(selects)
        # Only numbers and the compiled base query go into the text; lexemes are parameters.
        # The limit is written in (not a parameter) so that the generic plan of the prepared
        # statement knows it and keeps to the GIN indexes.
        ordered = f"{union} ORDER BY {width + 1}, {width + 2} LIMIT {int(count)}"
        pieces.append(f"(SELECT {step} AS step, r.* FROM ({ordered}) AS r)")  # noqa: S608
    rows = fetch_prepared(" UNION ALL ".join(pieces) + f" LIMIT {int(count)}", params)
    steps = [row[0] for row in rows]
    if steps != sorted(steps):
        return _tier_rows(matched, assignments, fields, count)
    return [tuple(row[1 : 1 + width]) for row in rows]


def facet_counts(query: str, *, filters: SearchFilters) -> dict[str, dict[str, int]]:
    """For each filter, how many enterprises each value would give (the other filters applied)."""
    base = SearchDocument.objects.filter(kind=DocumentKind.ENTERPRISE, is_public=True)
    terms = query_terms(query)
    if terms:
        base = _match(base, terms)
    result: dict[str, dict[str, int]] = {}
    for facet, column in (
        ("type", "primary_type"),
        ("district", "district_code"),
        ("svi_grade", "svi_grade"),
        ("sells_online", "sells_online"),
    ):
        rows = filters.apply(base, skip=facet).values(column).annotate(n=Count("pk")).order_by()
        result[facet] = {str(row[column]): row["n"] for row in rows}
    return result


def suggest(query: str, *, kind: str = DocumentKind.ENTERPRISE) -> str:
    """A nearby spelling of `query` that finds something, or '' (for 'did you mean …?').

    Each term that finds nothing on its own is replaced by the indexed word closest to it in
    jamo edit distance (one jamo per two letters of the term at most).
    """
    terms = query_terms(query)
    if not terms:
        return ""
    base = SearchDocument.objects.filter(kind=kind, is_public=True)
    replaced: list[str] = []
    changed = False
    for term in terms:
        if _match(base, [term]).exists():
            replaced.append(term)
            continue
        best = _closest_word(term)
        if not best:
            return ""
        replaced.append(best)
        changed = True
    if not changed:
        return ""
    suggestion = " ".join(replaced)
    return suggestion if _match(base, replaced).exists() else ""


def _closest_word(term: str) -> str:
    term_jamo = jamo(term)
    limit = max(1, (len(term_jamo) + 1) // 3)
    chars = Q()
    for char in set(term):
        chars |= Q(word__contains=char)
    candidates = SearchWord.objects.filter(
        chars, length__gte=max(1, len(term) - 1), length__lte=len(term) + 1
    )
    best: tuple[int, int, str] | None = None
    for word, word_jamo in candidates.values_list("word", "jamo")[:5000]:
        distance = edit_distance(term_jamo, word_jamo, limit)
        if distance > limit:
            continue
        # Among equally near words, the one that starts like the term (typos sit at the end).
        prefix = len(os.path.commonprefix([term_jamo, word_jamo]))
        key = (distance, -prefix, word)
        if best is None or key < best:
            best = key
    return best[2] if best else ""
