"""Central's catalogue kept by coordinators: products, categories, groups, garment types, prices with
a date of effect. Bad input is answered in French and nothing is recorded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from gers.models import Role
from inventory.models import Category, FoodGroup, GarmentType, Product
from inventory.price_models import GarmentPrice, ProductPrice
from tests.conftest import csrf_token
from tests.support.clock import install_clock

NOW = dt.datetime(2026, 11, 28, 15, 0, tzinfo=dt.UTC)


@pytest.fixture
def keeper(app, client, login, build, session):
    install_clock(app, NOW)
    build.user(username="claire", role=Role.COORDINATOR)
    session.commit()
    assert login("claire", "motdepasse-123").status_code == 302
    return client


def _post(client, path, **data):
    return client.post(path, data={"csrf_token": csrf_token(client, "/catalogue/gestion/"), **data})


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_a_group_a_category_and_a_product_are_created(keeper, session):
    assert _post(keeper, "/catalogue/gestion/groupes", code="feculents", label="Féculents").status_code == 302
    group = session.scalar(select(FoodGroup))
    assert _post(keeper, "/catalogue/gestion/categories", code="pates", label="Pâtes", food_group=str(group.id),
                 shelf_life="very_long", storage_class="ambient", date_kind="DDM").status_code == 302
    category = session.scalar(select(Category))
    answer = _post(keeper, "/catalogue/gestion/produits/nouveau", name="Coquillettes 500 g", gtin="3000000000106",
                   category=str(category.id), sold_by="piece", net_weight_g="500", storage_class="ambient",
                   date_kind="DDM", market_price="1,25")
    assert answer.status_code == 302
    product = session.scalar(select(Product))
    assert (product.market_price, product.net_weight_g, product.owner_node) == (Decimal("1.25"), 500, "CENTRAL")


@pytest.fixture
def pasta(build, session):
    product = build.product(name="Coquillettes 500 g", market_price=Decimal("1.25"))
    session.commit()
    return product


def test_a_price_with_letters_is_refused_in_french_and_nothing_is_recorded(keeper, session, pasta):
    answer = _post(keeper, f"/catalogue/gestion/produits/{pasta.id}", action="price", new_price="1,2O",
                   effective_from="2026-11-29")
    assert answer.status_code == 422
    assert "« 1,2O » n&#39;est pas un nombre (chiffres et virgule, ex. 3,50)." in answer.get_data(as_text=True)
    assert _count(session, ProductPrice) == 0


def test_a_price_for_today_is_refused_then_tomorrow_is_kept_in_the_history(keeper, session, pasta):
    answer = _post(keeper, f"/catalogue/gestion/produits/{pasta.id}", action="price", new_price="1,40",
                   effective_from="28/11/2026")
    assert answer.status_code == 422 and "au plus tôt demain matin" in answer.get_data(as_text=True)
    assert _post(keeper, f"/catalogue/gestion/produits/{pasta.id}", action="price", new_price="1,40",
                 effective_from="29/11/2026", note="hausse fournisseur").status_code == 302
    page = keeper.get(f"/catalogue/gestion/produits/{pasta.id}").get_data(as_text=True)
    assert "29/11/2026" in page and "1,40\xa0€" in page and "hausse fournisseur" in page
    session.expire_all()
    assert session.get(Product, pasta.id).market_price == Decimal("1.25")  # today's price has not moved


def test_a_product_with_a_wrong_gtin_or_no_category_is_refused(keeper, session):
    answer = _post(keeper, "/catalogue/gestion/produits/nouveau", name="X", gtin="3000000000107", category="",
                   sold_by="piece", net_weight_g="abc", storage_class="ambient", date_kind="DDM", market_price="1")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "« abc » n&#39;est pas un poids en grammes" in text
    answer = _post(keeper, "/catalogue/gestion/produits/nouveau", name="X", gtin="3000000000107", category="",
                   sold_by="piece", net_weight_g="10", storage_class="ambient", date_kind="DDM", market_price="1")
    text = answer.get_data(as_text=True)
    assert "clé de contrôle fausse" in text and "Choisissez la catégorie du produit." in text
    assert _count(session, Product) == 0


def test_a_product_is_edited_but_its_price_only_by_date_of_effect(keeper, session, pasta):
    answer = _post(keeper, f"/catalogue/gestion/produits/{pasta.id}", action="product", name="Coquillettes 1 kg",
                   gtin=pasta.gtin, category=str(pasta.category_id), sold_by="piece", net_weight_g="1000",
                   storage_class="ambient", date_kind="DDM", active="1", market_price="9")
    assert answer.status_code == 302
    session.expire_all()
    product = session.get(Product, pasta.id)
    assert (product.name, product.net_weight_g, product.market_price) == ("Coquillettes 1 kg", 1000, Decimal("1.25"))


def test_garment_prices_within_the_bounds_for_the_network_or_a_site(keeper, session, build):
    assert _post(keeper, "/catalogue/gestion/vetements", code="pull", label="Pull", price="2").status_code == 302
    assert _post(keeper, "/catalogue/gestion/vetements", code="manteau", label="Manteau",
                 price="12").status_code == 422
    jumper = session.scalar(select(GarmentType))
    site = build.site(code="CONDOM", has_vesti_boutique=True)
    session.commit()
    answer = _post(keeper, f"/catalogue/gestion/vetements/{jumper.id}", site=str(site.id), new_price="3,50",
                   effective_from="2026-12-01")
    assert answer.status_code == 422 and "entre 0,50 € et 3,00 €" in answer.get_data(as_text=True)
    assert _post(keeper, f"/catalogue/gestion/vetements/{jumper.id}", site=str(site.id), new_price="1",
                 effective_from="2026-12-01").status_code == 302
    [row] = session.scalars(select(GarmentPrice)).all()
    assert (row.site_id, row.price, row.effective_from) == (site.id, Decimal("1.00"), dt.date(2026, 12, 1))
    assert _count(session, GarmentType) == 1


def test_the_catalogue_shows_the_price_in_force_on_its_morning(app, keeper, session, pasta):
    _post(keeper, f"/catalogue/gestion/produits/{pasta.id}", action="price", new_price="1,40",
          effective_from="29/11/2026")
    assert "1,25\xa0€" in keeper.get("/catalogue").get_data(as_text=True)
    install_clock(app, NOW + dt.timedelta(hours=10))  # 02:00 in Auch on the 29th
    keeper.post("/connexion", data={"username": "claire", "secret": "motdepasse-123",
                                    "csrf_token": csrf_token(keeper)})
    page = keeper.get("/catalogue").get_data(as_text=True)
    assert "1,40\xa0€" in page and "1,25\xa0€" not in page
