"""Korean search: stems, parts of compound words, ranking, suggestions, same answers on both databases."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dure.market.models import Product
from dure.portal.search import cache as search_cache
from dure.portal.search.analysis import jamo, query_terms, term_lexemes
from dure.portal.search.query import SearchFilters, search, suggest
from dure.portal.selectors import enterprise_search_page
from dure.portal.services import search_rebuild, search_reindex_enterprise, search_reindex_product


def test_query_terms_are_stems_without_particles() -> None:
    assert query_terms("케이크를") == ["케이크"]
    assert query_terms("도시락 배달") == ["도시락", "배달"]
    assert query_terms("빵") == ["빵"]
    assert query_terms("나눔을") == ["나눔"]
    assert query_terms("배달하는") == ["배달"]
    assert query_terms("빵공방") == ["빵", "공방"]
    assert term_lexemes("케이크") == ["케이", "이크"]
    assert term_lexemes("빵") == ["빵"]
    assert jamo("봄") == "ㅂㅗㅁ"


@pytest.fixture
def corpus(make_enterprise: Any) -> dict[str, Any]:
    e = {
        "bakery_name": make_enterprise(
            "social",
            name="(주)희망제빵",
            address="광주광역시 서구 상무대로 1",
            offers="쌀케이크 납품",
            description="발달장애 청년이 일하는 제과점입니다.",
            svi_grade="우수",
            sells_online=True,
        ),
        "bread_house": make_enterprise(
            "coop", name="양림동 빵집 협동조합", address="광주광역시 남구 양림로 2", offers="식빵, 단팥빵"
        ),
        "cake_name": make_enterprise(
            "coop", name="꿈꾸는케이크 협동조합", address="광주광역시 광산구 수완로 3"
        ),
        "laundry": make_enterprise(
            "village",
            name="희망세탁나눔 마을기업",
            address="광주광역시 북구 용봉로 4",
            description="이불 빨래를 수거하고 배달합니다.",
        ),
        "lunch": make_enterprise(
            "self_sufficiency",
            name="무등밥상 자활기업",
            address="광주광역시 동구 금남로 5",
            offers="어르신 도시락 배달",
            description="건강한 반찬을 만듭니다.",
        ),
        "care": make_enterprise(
            "social_coop",
            name="함께돌봄 사회적협동조합",
            address="광주광역시 북구 서하로 6",
            description="홀몸 어르신을 돌봄니다. 케이크 만들기 교실도 엽니다.",
        ),
        "closed": make_enterprise("coop", name="문닫은빵집 협동조합", status="closed"),
    }
    Product.objects.create(enterprise=e["care"], name="돌봄 도시락", price=7000)
    Product.objects.create(
        enterprise=e["bread_house"], name="우리밀 생크림 케이크", price=25000, category="케이크"
    )
    search_rebuild()
    return e


def names(query: str, **kwargs: Any) -> list[str]:
    return [e.name for e in enterprise_search_page(query, limit=50, **kwargs).enterprises]


FIXED_QUERIES: dict[str, list[str]] = {
    # A single syllable finds it inside compounds (제빵, 빵집) but never the closed enterprise.
    "빵": ["(주)희망제빵", "양림동 빵집 협동조합"],
    # The particle is dropped: 케이크를 → 케이크. Name first, then offers/products, then descriptions.
    "케이크를": ["꿈꾸는케이크 협동조합", "(주)희망제빵", "양림동 빵집 협동조합", "함께돌봄 사회적협동조합"],
    "세탁": ["희망세탁나눔 마을기업"],
    "나눔": ["희망세탁나눔 마을기업"],
    "돌봄": ["함께돌봄 사회적협동조합"],
    # Every word must be found somewhere; offers beat descriptions.
    "도시락 배달": ["무등밥상 자활기업"],
    "도시락": ["무등밥상 자활기업", "함께돌봄 사회적협동조합"],
    "배달하는": ["무등밥상 자활기업", "희망세탁나눔 마을기업"],
    "배달": ["무등밥상 자활기업", "희망세탁나눔 마을기업"],
    "자전거": [],
}


@pytest.mark.django_db
@pytest.mark.parametrize("query", list(FIXED_QUERIES))
def test_fixed_queries_give_the_same_ranked_results_on_every_database(corpus: Any, query: str) -> None:
    assert names(query) == FIXED_QUERIES[query]


@pytest.mark.django_db
def test_postgresql_matches_through_the_tsvector_index_and_sqlite_through_like(corpus: Any) -> None:
    with CaptureQueriesContext(connection) as captured:
        list(search("빵").values_list("pk", flat=True))
    sql = captured.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert '"all_vec" @@' in sql
    else:
        assert "LIKE" in sql and "tsvector" not in sql


@pytest.mark.django_db
def test_filters_narrow_the_results(corpus: Any) -> None:
    assert names("빵", filters=SearchFilters(district="29155")) == ["양림동 빵집 협동조합"]
    assert names("빵", filters=SearchFilters(types=["social"])) == ["(주)희망제빵"]
    assert names("", filters=SearchFilters(sells_online=True)) == ["(주)희망제빵"]
    assert names("", filters=SearchFilters(svi_grade="우수")) == ["(주)희망제빵"]
    assert names("케이크", sort="name") == sorted(names("케이크"))


@pytest.mark.django_db
def test_facet_counts_ignore_their_own_filter(corpus: Any) -> None:
    page = enterprise_search_page("빵", filters=SearchFilters(district="29155"), with_facets=True)
    assert page.count == 1
    assert page.facets["district"] == {"29140": 1, "29155": 1}
    assert page.facets["type"] == {"coop": 1}


@pytest.mark.django_db
def test_products_are_searched_with_their_maker(corpus: Any) -> None:
    documents = search("케이크", kind="product")
    assert [d.title for d in documents] == ["우리밀 생크림 케이크"]


@pytest.mark.django_db
def test_suggestion_when_nothing_matches(corpus: Any) -> None:
    assert names("돌뽐") == []
    assert suggest("돌뽐") == "돌봄"
    assert suggest("케이쿠") == "케이크"
    assert suggest("자전거") == ""
    assert suggest("돌봄") == ""


@pytest.mark.django_db
def test_reindex_keeps_the_index_current(corpus: Any) -> None:
    from dure.registry.services import enterprise_update

    laundry = corpus["laundry"]
    enterprise_update(actor=None, enterprise=laundry, values={"offers": "운동화 세척"})
    assert names("운동화") == []  # not indexed until the service is told
    search_reindex_enterprise(enterprise_pk=laundry.pk)
    assert names("운동화") == ["희망세탁나눔 마을기업"]
    product = Product.objects.create(enterprise=laundry, name="친환경 세제", price=9000)
    search_reindex_product(product_pk=product.pk)
    assert names("세제") == ["희망세탁나눔 마을기업"]
    assert [d.title for d in search("세제", kind="product")] == ["친환경 세제"]
    search_reindex_enterprise(enterprise_pk=999_999)  # a vanished enterprise is no error


@pytest.mark.django_db
def test_api_enterprises_q_uses_the_same_ranking(corpus: Any, client: Any) -> None:
    data = client.get("/api/v1/enterprises", {"q": "케이크를", "limit": 2}).json()
    assert data["count"] == 4
    assert [item["name"] for item in data["items"]] == FIXED_QUERIES["케이크를"][:2]
    data = client.get("/api/v1/enterprises", {"q": "빵", "type": "coop"}).json()
    assert [item["name"] for item in data["items"]] == ["양림동 빵집 협동조합"]


@pytest.mark.django_db
def test_api_search_returns_enterprises_and_products(corpus: Any, client: Any) -> None:
    data = client.get("/api/v1/search", {"q": "케이크"}).json()
    assert data["enterprises"]["count"] == 4
    assert data["enterprises"]["items"][0]["name"] == "꿈꾸는케이크 협동조합"
    assert [p["name"] for p in data["products"]["items"]] == ["우리밀 생크림 케이크"]
    assert data["products"]["items"][0]["enterprise_name"] == "양림동 빵집 협동조합"
    assert data["suggestion"] == ""
    assert client.get("/api/v1/search", {"q": "돌뽐"}).json()["suggestion"] == "돌봄"


@pytest.mark.django_db
def test_api_query_count_does_not_grow_with_results(
    corpus: Any, client: Any, django_assert_max_num_queries: Any
) -> None:
    # The index version (for the search cache), one query per score tier of a one-term query
    # (name, offers, body: 3), the enterprises and their designations; the count is the page's
    # length here since the page is not full.
    search_cache.clear()
    with django_assert_max_num_queries(6):
        client.get("/api/v1/enterprises", {"q": "케이크", "limit": 50})


def test_count_stops_at_the_cap_and_says_so(corpus: Any, client: Any, monkeypatch: Any) -> None:
    from dure.portal.search import query as search_query

    full = client.get("/api/v1/enterprises", {"q": "빵", "limit": 1}).json()
    assert full["count"] >= 2 and full["count_capped"] is False
    monkeypatch.setattr(search_query, "COUNT_CAP", 1)
    capped = client.get("/api/v1/enterprises", {"q": "빵", "limit": 1}).json()
    assert capped["count"] == 1 and capped["count_capped"] is True
    assert [e["pk"] for e in capped["items"]] == [e["pk"] for e in full["items"]]
    both = client.get("/api/v1/search", {"q": "빵", "limit": 1}).json()
    assert both["enterprises"]["count_capped"] is True and both["enterprises"]["count"] == 1


def test_tiered_page_is_the_full_ranking(corpus: Any) -> None:
    from dure.portal.search import query as search_query

    for text in ("빵", "케이크를", "돌봄", "도시락 배달", "세탁", "나눔", "빵 케이크"):
        full = list(search_query.search(text).values_list("pk", flat=True))
        assert full, text
        for offset, limit in ((0, 1), (0, 2), (1, 2), (0, 50)):
            page = [pk for (pk,) in search_query.ranked_page(text, offset=offset, limit=limit)]
            assert page == full[offset : offset + limit], (text, offset, limit)


@pytest.fixture
def cache_on(settings: Any) -> Any:
    settings.DURE_SEARCH_CACHE_SECONDS = 60
    search_cache.clear()
    yield
    search_cache.clear()


@pytest.mark.django_db
def test_a_repeated_search_is_served_from_the_cache(corpus: Any, cache_on: Any) -> None:
    first = enterprise_search_page("케이크를", limit=2)
    with CaptureQueriesContext(connection) as captured:
        again = enterprise_search_page("케이크", limit=2)  # same terms, other spelling
    # The version token and the enterprises; no ranking, no count.
    assert len(captured.captured_queries) == 2
    assert not any("portal_searchdocument" in q["sql"] for q in captured.captured_queries)
    assert [e.pk for e in again.enterprises] == [e.pk for e in first.enterprises]
    assert (again.count, again.count_capped) == (first.count, first.count_capped) == (4, False)
    assert search_cache.stats()["hits"] == 1


@pytest.mark.django_db
def test_the_cache_never_outlives_an_index_change(corpus: Any, cache_on: Any) -> None:
    from dure.registry.services import enterprise_update

    laundry = corpus["laundry"]
    assert names("운동화") == []
    assert names("세탁") == ["희망세탁나눔 마을기업"]
    enterprise_update(actor=None, enterprise=laundry, values={"name": "희망운동화 마을기업"})
    search_reindex_enterprise(enterprise_pk=laundry.pk)
    assert names("운동화") == ["희망운동화 마을기업"]
    assert names("세탁") == []  # the description says 빨래, not 세탁
    product = Product.objects.create(enterprise=laundry, name="세탁 세제", price=9000)
    search_reindex_product(product_pk=product.pk)
    assert names("세탁") == ["희망운동화 마을기업"]
    search_rebuild()
    assert names("세탁") == ["희망운동화 마을기업"]


@pytest.mark.django_db
def test_a_rolled_back_index_change_leaves_no_cached_page(corpus: Any, cache_on: Any) -> None:
    from django.db import transaction

    from dure.registry.services import enterprise_update

    laundry = corpus["laundry"]
    assert names("운동화") == []
    with pytest.raises(RuntimeError), transaction.atomic():
        enterprise_update(actor=None, enterprise=laundry, values={"offers": "운동화 세척"})
        search_reindex_enterprise(enterprise_pk=laundry.pk)
        assert names("운동화") == ["희망세탁나눔 마을기업"]  # cached under the uncommitted version
        raise RuntimeError
    assert names("운동화") == []
    # A later committed index write must not bring back the page cached inside the rolled-back
    # transaction (a version counter would reach the same number again; a token never does).
    search_reindex_enterprise(enterprise_pk=laundry.pk)
    assert names("운동화") == []


@pytest.mark.django_db
def test_without_a_version_row_nothing_is_cached(corpus: Any, cache_on: Any) -> None:
    from dure.portal.models import SearchIndexVersion

    SearchIndexVersion.objects.all().delete()
    assert names("빵") == ["(주)희망제빵", "양림동 빵집 협동조합"]
    assert search_cache.stats() == {"hits": 0, "misses": 0, "entries": 0}
    search_reindex_enterprise(enterprise_pk=corpus["bakery_name"].pk)  # writes a version again
    assert SearchIndexVersion.objects.count() == 1
    assert names("빵") == ["(주)희망제빵", "양림동 빵집 협동조합"]
    assert search_cache.stats()["misses"] == 1


def _buckets_in_title_order(kind: str) -> list[int]:
    from dure.portal.models import SearchDocument

    return list(
        SearchDocument.objects.filter(kind=kind)
        .order_by("title", "pk")
        .values_list("title_bucket", flat=True)
    )


@pytest.mark.django_db
def test_rebuild_spreads_title_buckets_in_title_order(corpus: Any) -> None:
    from dure.portal.models import SearchTitleBoundary

    buckets = _buckets_in_title_order("enterprise")
    assert buckets == sorted(buckets)
    # Seven enterprises: the first 1/64 of titles, then 9/64 … 54/64 → buckets 0, 4, 5, 5, 6, 6, 6.
    assert buckets == [0, 4, 5, 5, 6, 6, 6]
    assert SearchTitleBoundary.objects.filter(kind="enterprise").count() == len(set(buckets))
    assert _buckets_in_title_order("product") == sorted(_buckets_in_title_order("product"))


@pytest.mark.django_db
def test_rebuild_writes_each_kind_in_title_order(corpus: Any, make_enterprise: Any) -> None:
    """Document pks (and on PostgreSQL the rows on disk) follow (title, source pk) order."""
    from dure.portal.models import SearchDocument

    # Created last, sorted first and in the middle: pk order and title order disagree.
    make_enterprise("coop", name="가나다 협동조합")
    make_enterprise("coop", name="바다빵 협동조합")
    search_rebuild()
    for kind in ("enterprise", "product"):
        documents = SearchDocument.objects.filter(kind=kind)
        by_title = list(documents.order_by("title", "pk").values_list("pk", flat=True))
        assert list(documents.order_by("pk").values_list("pk", flat=True)) == by_title
        sources = list(documents.order_by("title", "pk").values_list("title", "enterprise_id", "product_id"))
        source_key = [(title, product or enterprise) for title, enterprise, product in sources]
        # Equal titles come in source pk order, as _title_order wrote them.
        for before, after in itertools.pairwise(source_key):
            assert before[0] != after[0] or before[1] < after[1]
        if connection.vendor == "postgresql":
            table = SearchDocument._meta.db_table
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT id FROM {table} WHERE kind = %s ORDER BY ctid", [kind])  # noqa: S608
                assert [pk for (pk,) in cursor.fetchall()] == by_title
    # Written by title, the newest enterprise's document precedes an older one's that sorts after it.
    newest = SearchDocument.objects.get(kind="enterprise", title="가나다 협동조합")
    older = SearchDocument.objects.get(kind="enterprise", enterprise_id=corpus["bread_house"].pk)
    assert newest.enterprise_id > older.enterprise_id and newest.pk < older.pk


@pytest.mark.django_db
def test_postgresql_keeps_only_short_columns_in_search_rows(corpus: Any, make_enterprise: Any) -> None:
    """Migration 0009: lexeme columns out of line, titles, filters and field vectors in the row."""
    from dure.portal.models import SearchDocument
    from dure.portal.search import query as search_query

    if connection.vendor != "postgresql":
        pytest.skip("row layout is PostgreSQL's")
    table = SearchDocument._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
        assert "toast_tuple_target=128" in cursor.fetchone()[0]
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0 "
            "AND NOT attisdropped",
            [table],
        )
        storage = dict(cursor.fetchall())
    for column in ("name_terms", "offer_terms", "body_terms", "all_terms", "all_vec", "tier_vec"):
        assert storage[column] == "e", column  # EXTERNAL
    assert storage["name_vec"] == storage["offer_vec"] == "m"  # MAIN
    for column in ("kind", "title", "primary_type", "district_code", "industry"):
        assert storage[column] == "p", column  # PLAIN
    long = make_enterprise(
        "coop", name="긴설명 협동조합", description=" ".join(f"낱말{i}" for i in range(400))
    )
    search_reindex_enterprise(enterprise_pk=long.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT pg_column_size(all_vec), octet_length(all_vec::text), pg_column_size(title) "  # noqa: S608
            f"FROM {table} WHERE kind = 'enterprise' AND enterprise_id = %s",
            [long.pk],
        )
        stored, text_length, _title = cursor.fetchone()
        # Out of line and uncompressed: the stored size is the whole vector's, far past a row's share.
        assert text_length > 2000 and stored > 2000
        cursor.execute("SELECT pg_relation_size(reltoastrelid) FROM pg_class WHERE relname = %s", [table])
        assert cursor.fetchone()[0] > 0
    found = [pk for (pk,) in search_query.ranked_page("낱말399")]
    assert found == [SearchDocument.objects.get(kind="enterprise", enterprise_id=long.pk).pk]


@pytest.mark.django_db
def test_renamed_and_new_documents_keep_buckets_in_title_order(corpus: Any, make_enterprise: Any) -> None:
    from dure.portal.search import query as search_query
    from dure.registry.services import enterprise_update

    # First and last in title order, and one between two others.
    enterprise_update(actor=None, enterprise=corpus["care"], values={"name": "가나다 빵 공방"})
    search_reindex_enterprise(enterprise_pk=corpus["care"].pk)
    enterprise_update(actor=None, enterprise=corpus["bakery_name"], values={"name": "흰구름 빵 공방"})
    search_reindex_enterprise(enterprise_pk=corpus["bakery_name"].pk)
    newcomer = make_enterprise("coop", name="무등빵 협동조합", offers="케이크")
    search_reindex_enterprise(enterprise_pk=newcomer.pk)
    buckets = _buckets_in_title_order("enterprise")
    assert buckets == sorted(buckets)
    for text in ("빵", "케이크", "협동조합", "빵 케이크"):
        full = list(search_query.search(text).values_list("pk", flat=True))
        assert full, text
        for offset, limit in ((0, 1), (1, 2), (0, 50)):
            page = [pk for (pk,) in search_query.ranked_page(text, offset=offset, limit=limit)]
            assert page == full[offset : offset + limit], (text, offset, limit)
    assert names("빵")[0] == "가나다 빵 공방"


@pytest.mark.django_db
def test_a_rebuild_moves_documents_that_do_not_fit_their_bucket(corpus: Any) -> None:
    from dure.portal.models import SearchDocument
    from dure.portal.search.index import _draw_boundaries

    # As if another process had indexed the first title in the last bucket during a rebuild.
    first = SearchDocument.objects.filter(kind="enterprise").order_by("title", "pk").first()
    assert first is not None
    SearchDocument.objects.filter(pk=first.pk).update(title_bucket=6)
    _draw_boundaries()
    buckets = _buckets_in_title_order("enterprise")
    assert buckets == sorted(buckets)
    assert names("빵") == FIXED_QUERIES["빵"]


@pytest.mark.django_db
def test_postgresql_asks_the_title_buckets_in_one_statement_per_tier(corpus: Any) -> None:
    from dure.portal.search import query as search_query

    if connection.vendor != "postgresql":
        pytest.skip("title buckets narrow the GIN search on PostgreSQL only")
    with CaptureQueriesContext(connection) as captured:
        search_query.ranked_page("빵", limit=1)
    with connection.cursor() as cursor:  # read in order, never by a Parallel Append (settings)
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"
    # The name tier fills the page: one statement, its parts in bucket order.
    assert len(captured.captured_queries) == 1
    sql = captured.captured_queries[0]["sql"]
    # A prepared statement: the lexemes are parameters (logged after the text); the limit is
    # written in, so that a generic plan knows it.
    text, params = sql.split(" -- ", 1)
    assert text.endswith(" LIMIT 1") and "빵" not in text
    assert "'n0.빵'" in params and "'n6.빵'" in params


@pytest.mark.django_db
def test_rows_out_of_bucket_order_are_read_again_the_plain_way(corpus: Any, monkeypatch: Any) -> None:
    from dure.portal.search import query as search_query

    if connection.vendor != "postgresql":
        pytest.skip("the bucket-by-bucket statement is PostgreSQL's")
    full = list(search_query.search("케이크를").values_list("pk", flat=True))
    real = search_query.fetch_prepared

    def shuffled(sql: str, params: list[Any], **options: Any) -> list[tuple[Any, ...]]:
        rows = real(sql, params, **options)
        # As a Parallel Append might: the later bucket's rows first.
        return sorted(rows, key=lambda row: -row[0]) if sql.lstrip().startswith("(SELECT 0 AS step") else rows

    plain = search_query._tier_rows
    fell_back: list[int] = []

    def counted(*args: Any) -> list[Any]:
        fell_back.append(1)
        return plain(*args)

    monkeypatch.setattr(search_query, "fetch_prepared", shuffled)
    monkeypatch.setattr(search_query, "_tier_rows", counted)
    assert [pk for (pk,) in search_query.ranked_page("케이크를", limit=50)] == full
    assert fell_back  # the offer tier's two rows sit in two buckets, so they came back reversed


def test_the_search_base_query_takes_only_known_kinds() -> None:
    from dure.portal.search import query as search_query

    with pytest.raises(ValueError, match="unknown document kind"):
        search_query._base_select("enterprise' OR '1'='1", None, ("pk",))


@pytest.mark.django_db
def test_the_cached_base_query_carries_the_filters_it_was_asked_for() -> None:
    from dure.portal.search import query as search_query

    seoul = search_query._base_select("enterprise", SearchFilters(district="11", sells_online=True), ("pk",))
    gwangju = search_query._base_select(
        "enterprise", SearchFilters(district="29", sells_online=True), ("pk",)
    )
    again = search_query._base_select("enterprise", SearchFilters(district="29", sells_online=True), ("pk",))
    bare = search_query._base_select("enterprise", None, ("pk",))
    assert seoul[0] == gwangju[0] and seoul[1] != gwangju[1] and again == gwangju
    assert "29%" in gwangju[1] and "11%" in seoul[1]
    assert bare[0] != gwangju[0] and "district_code" not in bare[0]


@pytest.mark.django_db
def test_an_error_in_a_prepared_search_statement_is_djangos() -> None:
    from django.db import DatabaseError, transaction

    from dure.portal.search import query as search_query

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    with pytest.raises(DatabaseError), transaction.atomic():
        search_query.fetch_prepared("SELECT 1 / %s", [0])
    assert search_query.fetch_prepared("SELECT 1 + %s", [1]) == [(2,)]


@pytest.mark.django_db(transaction=True)
def test_the_count_runs_beside_the_ranking_on_postgresql(corpus: Any, client: Any, monkeypatch: Any) -> None:
    import threading

    from dure.portal.search import query as search_query

    if connection.vendor != "postgresql":
        pytest.skip("SQLite is one embedded file: nothing to gain from a second connection")
    expected = search_query.capped_count("빵")[0]
    real = search_query._run_count
    threads: list[str] = []

    def counted(*args: Any, **kwargs: Any) -> tuple[int, bool]:
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(search_query, "_run_count", counted)
    page = client.get("/api/v1/enterprises", {"q": "빵", "limit": 1}).json()
    # Committed rows (a transactional test): the side connection sees them and counts them.
    assert page["count"] == expected >= 2 and page["count_capped"] is False
    assert threads == ["dure-beside_0"]
    # Inside a transaction another connection would not see its rows: counted in the request.
    threads.clear()
    from django.db import transaction

    with transaction.atomic():
        assert enterprise_search_page("빵", limit=1).count == page["count"]
    assert threads == [threading.current_thread().name]


def test_beside_gives_the_callers_error_and_runs_inline_where_it_cannot_help(settings: Any) -> None:
    from dure.core.beside import beside

    settings.DURE_DB_BESIDE = False
    calls: list[str] = []
    later = beside(calls.append, "now")
    assert calls == []  # run only when asked, in the caller's thread
    later()
    assert calls == ["now"]

    def broken() -> None:
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        beside(broken)()


def test_a_tier_part_is_one_condition_on_the_tier_vector() -> None:
    from dure.portal.search.query import _tier_conditions

    # 어르신 in the name and 돌봄 in the offers (not in the name), in title bucket 3.
    name_and_offer = [
        part for part in _tier_conditions(["어르신", "돌봄"])[1] if part[0].lexemes[0] == "어르"
    ][0]
    text = " & ".join(has.tier_lexemes(3) for has in sorted(name_and_offer, key=lambda has: has.negated))
    assert text == "'n3.어르' & 'n3.르신' & 'o3.돌봄' & !('n3.돌봄')"


@pytest.mark.django_db
def test_tier_statements_are_prepared_with_generic_plans(corpus: Any) -> None:
    from dure.portal.search import query as search_query

    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    full = list(search_query.search("어르신 돌봄").values_list("pk", flat=True))
    assert [pk for (pk,) in search_query.ranked_page("어르신 돌봄", limit=50)] == full
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%tier_vec%"])
        assert cursor.fetchone()[0] >= 1
