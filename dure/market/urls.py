from django.urls import path

from dure.market import views

app_name = "market"
urlpatterns = [
    path("", views.home, name="home"),
    path("products/<int:pk>/", views.product_detail, name="product"),
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart_add"),
    path("cart/update/", views.cart_update, name="cart_update"),
    path("checkout/", views.checkout, name="checkout"),
    path("orders/<int:pk>/", views.order_done, name="order_done"),
    path("my-orders/", views.my_orders, name="my_orders"),
    path("seller/orders/", views.seller_orders, name="seller_orders"),
    path("seller/orders/<int:pk>/status/", views.seller_order_transition, name="seller_order_transition"),
    path("seller/products/", views.seller_products, name="seller_products"),
    path("seller/products/new/", views.seller_product_edit, name="seller_product_create"),
    path("seller/products/<int:pk>/", views.seller_product_edit, name="seller_product_edit"),
    path("seller/report/", views.seller_report, name="seller_report"),
    path("booths/", views.booth_list, name="booth_list"),
    path("booths/<int:pk>/", views.booth_screen, name="booth_screen"),
    path("booths/<int:pk>/totals/", views.booth_totals, name="booth_totals"),
    path("booths/<int:pk>/sales/", views.booth_sale, name="booth_sale"),
    path("purchasing/", views.purchasing_report, name="purchasing_report"),
    path("purchasing/institutions/<int:pk>/import/", views.purchase_import_view, name="purchase_import"),
    path("fairs/", views.fair_list, name="fair_list"),
    path("fairs/<int:pk>/", views.fair_detail, name="fair_detail"),
    path("staff/windows/", views.staff_windows, name="staff_windows"),
    path("staff/windows/new/", views.staff_window_create, name="staff_window_create"),
    path("staff/windows/<int:pk>/", views.staff_window_detail, name="staff_window_detail"),
    path("staff/windows/<int:pk>/open/", views.staff_window_move, {"move": "open"}, name="staff_window_open"),
    path(
        "staff/windows/<int:pk>/close/", views.staff_window_move, {"move": "close"}, name="staff_window_close"
    ),
    path(
        "staff/windows/<int:pk>/cancel/",
        views.staff_window_move,
        {"move": "cancel"},
        name="staff_window_cancel",
    ),
    path("staff/orders/", views.staff_orders, name="staff_orders"),
    path("staff/orders/<int:pk>/status/", views.staff_order_transition, name="staff_order_transition"),
    path("staff/flows/deliver/", views.staff_flows_deliver, name="staff_flows_deliver"),
]
