from typing import Any

from dure.core.testing import API_PUBLIC, ROLES, STAFF_ONLY, UrlAccess


def _import_job(world: dict[str, Any]) -> None:
    """A finished import job with one rejected row (for the result page and its download)."""
    from django.core.files.base import ContentFile

    from dure.registry.models import ImportJob

    job = ImportJob(
        original_name="list.csv",
        status="done",
        rows_total=2,
        rows_done=2,
        result={
            "created": 1,
            "updated": 0,
            "unchanged": 0,
            "flagged": 0,
            "headers": ["기업명", "사업자등록번호"],
            "rejected": [{"line": 3, "column": "사업자등록번호", "reason": "x", "values": ["가", "123"]}],
        },
    )
    job.file.save("list.csv", ContentFile("기업명,사업자등록번호\n".encode()), save=False)
    job.save()
    world["import_job"] = job


URL_ACCESS = [
    # /staff/ sends everyone on to the enterprise list, which is where access is checked.
    UrlAccess("registry:home", dict.fromkeys(ROLES, 302)),
    UrlAccess("registry:enterprise_list", STAFF_ONLY),
    UrlAccess("registry:enterprise_create", STAFF_ONLY),
    UrlAccess("registry:enterprise_edit", STAFF_ONLY, kwargs=lambda w: {"pk": w["enterprise"].pk}),
    UrlAccess(
        "registry:designation_add",
        {**STAFF_ONLY, "staff": 302},
        kwargs=lambda w: {"pk": w["enterprise"].pk},
        method="post",
        data=lambda w: {"type": "village"},
    ),
    UrlAccess(
        "registry:designation_remove",
        {**STAFF_ONLY, "staff": 302},
        kwargs=lambda w: {
            "pk": w["enterprise"].pk,
            "designation_pk": w["enterprise"].designations.first().pk,
        },
        method="post",
    ),
    UrlAccess("registry:enterprise_merge", STAFF_ONLY),
    UrlAccess("registry:designations_expiring", STAFF_ONLY),
    UrlAccess("registry:enterprises_stale", STAFF_ONLY),
    UrlAccess("registry:import_list", STAFF_ONLY),
    UrlAccess(
        "registry:import_detail", STAFF_ONLY, kwargs=lambda w: {"pk": w["import_job"].pk}, setup=_import_job
    ),
    UrlAccess(
        "registry:import_rejected_xlsx",
        STAFF_ONLY,
        kwargs=lambda w: {"pk": w["import_job"].pk},
        setup=_import_job,
    ),
    UrlAccess("api:open_data_enterprises_csv", API_PUBLIC),
    UrlAccess("api:open_data_enterprises_xlsx", API_PUBLIC),
    UrlAccess("api:open_data_enterprises_json", API_PUBLIC),
    UrlAccess("api:open_data_enterprise_jsonld", API_PUBLIC, kwargs=lambda w: {"pk": w["enterprise"].pk}),
    UrlAccess("api:list_enterprises", API_PUBLIC),
    UrlAccess("api:get_enterprise", API_PUBLIC, kwargs=lambda w: {"pk": w["enterprise"].pk}),
]
