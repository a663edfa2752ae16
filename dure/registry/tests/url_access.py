from dure.core.testing import API_PUBLIC, STAFF_ONLY, UrlAccess

URL_ACCESS = [
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
    UrlAccess("api:list_enterprises", API_PUBLIC),
    UrlAccess("api:get_enterprise", API_PUBLIC, kwargs=lambda w: {"pk": w["enterprise"].pk}),
]
