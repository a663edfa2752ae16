from dure.core.testing import LOGIN, PUBLIC, ROLES, UrlAccess

_logged_in_redirects = {**dict.fromkeys(ROLES, 302), "anonymous": 200}

URL_ACCESS = [
    UrlAccess("accounts:login", _logged_in_redirects),
    UrlAccess("accounts:logout", dict.fromkeys(ROLES, 302), method="post"),
    UrlAccess("accounts:signup", PUBLIC),
    UrlAccess("accounts:settings", LOGIN),
    UrlAccess(
        "accounts:token_revoke",
        {**dict.fromkeys(ROLES, 404), "anonymous": 302},
        kwargs=lambda w: {"pk": w["foreign_token"].pk},
        method="post",
    ),
]
