"""Demo catalogue: reporting food groups, categories, about 300 products, vesti-boutique garment types.

Why this module exists: the demo and the tests need a social grocery that looks real — staples at
French supermarket prices, loose produce weighed at the counter, chilled and frozen lines, infant milk
and nappies — without a database, a network or a random generator. Everything here is plain data
built by pure enumeration, so every import yields the same tuples and demo databases, screenshots
and test expectations stay reproducible.

Conventions (from the shared DOMAIN and ARCHITECTURE notes):
- money is `Decimal` with 2 decimals; `market_price` is the usual market value (the price paid is a
  10–30 % participation computed elsewhere). Weight-sold products are priced **per kg** and carry a
  nominal `net_weight_g` of 1000, the unit the price refers to; the real weight comes from the scale.
- weights are integer grams; liquids are counted 1 L = 1 kg (oil 0.92), the usual estimate in
  food-aid reporting where kg per food group is what partners declare.
- GTINs are fabricated: one French GS1 prefix per category (300, 301, …), a fixed demo company
  number and a scrambled serial, closed by a valid check digit. They are not meant to match real
  products. Loose produce weighed at the counter has no GTIN (it is keyed or weighed, not scanned).
- `shelf_life` on a category selects the DDM grace period (settings, Belgian AFSCA defaults:
  very long 1 year, long 2 months, short 0). Non-food uses `"very_long"` with date kind `"none"`:
  the class is then never read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from inventory.gtin import with_check_digit

StorageClass = Literal["ambient", "chilled", "frozen"]
DateKind = Literal["DLC", "DDM", "none"]
ShelfLife = Literal["very_long", "long", "short"]
SoldBy = Literal["piece", "weight"]

STORAGE_CLASSES: tuple[StorageClass, ...] = ("ambient", "chilled", "frozen")
DATE_KINDS: tuple[DateKind, ...] = ("DLC", "DDM", "none")
SHELF_LIVES: tuple[ShelfLife, ...] = ("very_long", "long", "short")


@dataclass(frozen=True, slots=True)
class FoodGroup:
    code: str
    label_fr: str


@dataclass(frozen=True, slots=True)
class CategoryData:
    code: str
    label_fr: str
    food_group: str
    shelf_life: ShelfLife
    storage_class: StorageClass
    date_kind: DateKind


@dataclass(frozen=True, slots=True)
class ProductData:
    gtin: str | None
    name_fr: str
    category: str
    sold_by: SoldBy
    market_price: Decimal
    net_weight_g: int
    storage_class: StorageClass
    date_kind: DateKind


@dataclass(frozen=True, slots=True)
class GarmentTypeData:
    code: str
    label_fr: str
    price: Decimal


# Groups the partners report kg against (FSE+ / Banque Alimentaire style). Non-food is a group too:
# its kg are declared separately but still counted.
FOOD_GROUPS: tuple[FoodGroup, ...] = (
    FoodGroup("fruits_legumes", "Fruits et légumes"),
    FoodGroup("feculents", "Féculents (pain, pâtes, riz, céréales)"),
    FoodGroup("produits_laitiers", "Produits laitiers"),
    FoodGroup("viande_poisson_oeufs", "Viandes, poissons, œufs"),
    FoodGroup("matieres_grasses", "Matières grasses"),
    FoodGroup("produits_sucres", "Produits sucrés"),
    FoodGroup("boissons", "Boissons"),
    FoodGroup("plats_prepares", "Plats préparés"),
    FoodGroup("condiments", "Sel, épices et condiments"),
    FoodGroup("bebe", "Alimentation infantile"),
    FoodGroup("hygiene", "Hygiène et entretien"),
)


def _cat(code: str, label: str, group: str, shelf: ShelfLife, storage: StorageClass, kind: DateKind) -> CategoryData:
    return CategoryData(code, label, group, shelf, storage, kind)


# Order matters: a category's position gives its GTIN prefix (300 + index). Append, never insert.
CATEGORIES: tuple[CategoryData, ...] = (
    _cat("fruits_frais", "Fruits frais", "fruits_legumes", "short", "ambient", "none"),
    _cat("legumes_frais", "Légumes frais", "fruits_legumes", "short", "ambient", "none"),
    _cat("conserves_fruits_legumes", "Conserves de légumes, fruits et compotes", "fruits_legumes", "very_long", "ambient", "DDM"),
    _cat("legumes_surgeles", "Légumes et fruits surgelés", "fruits_legumes", "very_long", "frozen", "DDM"),
    _cat("pates", "Pâtes", "feculents", "very_long", "ambient", "DDM"),
    _cat("riz_legumes_secs", "Riz, semoule, farine et légumes secs", "feculents", "very_long", "ambient", "DDM"),
    _cat("petit_dejeuner", "Pain de mie, biscottes et céréales", "feculents", "long", "ambient", "DDM"),
    _cat("lait", "Lait", "produits_laitiers", "short", "ambient", "DDM"),
    _cat("ultra_frais", "Yaourts, desserts et fromages frais", "produits_laitiers", "short", "chilled", "DLC"),
    _cat("fromages", "Fromages à pâte pressée", "produits_laitiers", "long", "chilled", "DDM"),
    _cat("beurre_creme", "Beurre, margarine et crème", "matieres_grasses", "short", "chilled", "DLC"),
    _cat("huiles", "Huiles, vinaigrettes et mayonnaise", "matieres_grasses", "long", "ambient", "DDM"),
    _cat("viandes_volailles", "Viandes et volailles", "viande_poisson_oeufs", "short", "chilled", "DLC"),
    _cat("charcuterie", "Charcuterie et produits de la mer", "viande_poisson_oeufs", "short", "chilled", "DLC"),
    _cat("oeufs", "Œufs", "viande_poisson_oeufs", "short", "ambient", "DDM"),
    _cat("conserves_poisson_viande", "Conserves de poisson et de viande", "viande_poisson_oeufs", "very_long", "ambient", "DDM"),
    _cat("surgeles_poisson_viande", "Poissons et viandes surgelés", "viande_poisson_oeufs", "very_long", "frozen", "DDM"),
    _cat("sucre_confitures", "Sucre, miel et confitures", "produits_sucres", "very_long", "ambient", "DDM"),
    _cat("biscuits_confiseries", "Biscuits, chocolat et confiseries", "produits_sucres", "long", "ambient", "DDM"),
    _cat("cafe_the", "Café, thé et chocolat en poudre", "boissons", "very_long", "ambient", "DDM"),
    _cat("jus_boissons", "Jus, eaux et boissons", "boissons", "short", "ambient", "DDM"),
    _cat("plats_conserve", "Plats cuisinés en conserve", "plats_prepares", "very_long", "ambient", "DDM"),
    _cat("plats_frais", "Plats préparés frais", "plats_prepares", "short", "chilled", "DLC"),
    _cat("plats_surgeles", "Plats préparés surgelés", "plats_prepares", "very_long", "frozen", "DDM"),
    _cat("condiments", "Sel, épices et sauces", "condiments", "long", "ambient", "DDM"),
    _cat("alimentation_infantile", "Laits infantiles et petits pots", "bebe", "short", "ambient", "DDM"),
    _cat("hygiene_corporelle", "Hygiène corporelle", "hygiene", "very_long", "ambient", "none"),
    _cat("couches_soins_bebe", "Couches et soins bébé", "hygiene", "very_long", "ambient", "none"),
    _cat("entretien", "Produits d'entretien", "hygiene", "very_long", "ambient", "none"),
)


@dataclass(frozen=True, slots=True)
class _Row:
    """One line of the tables below; category defaults fill what it leaves out."""

    name_fr: str
    price: str
    net_weight_g: int
    sold_by: SoldBy = "piece"
    has_gtin: bool = True
    storage_class: StorageClass | None = None
    date_kind: DateKind | None = None


def _p(name: str, price: str, grams: int, storage: StorageClass | None = None, kind: DateKind | None = None) -> _Row:
    """A product sold per piece (scanned)."""
    return _Row(name, price, grams, storage_class=storage, date_kind=kind)


def _w(name: str, price_per_kg: str, *, gtin: bool = False) -> _Row:
    """A product weighed at the counter, priced per kg. Loose produce has no GTIN; cheese and meat
    cut at the site keep the GTIN of the piece the warehouse delivered."""
    return _Row(name, price_per_kg, 1000, sold_by="weight", has_gtin=gtin)


_ROWS: dict[str, tuple[_Row, ...]] = {
    "fruits_frais": (
        _p("Pommes Golden sachet 1,5 kg", "2.99", 1500),
        _p("Pommes Gala sachet 1 kg", "2.49", 1000),
        _p("Poires Conférence sachet 1 kg", "2.79", 1000),
        _p("Bananes (5 fruits)", "1.99", 900),
        _p("Oranges à jus filet 2 kg", "3.49", 2000),
        _p("Clémentines filet 1 kg", "2.99", 1000),
        _p("Kiwis barquette de 6", "2.49", 600),
        _w("Pommes Golden (vrac)", "2.29"),
        _w("Poires Conférence (vrac)", "2.99"),
        _w("Bananes (vrac)", "1.99"),
        _w("Oranges (vrac)", "2.49"),
        _w("Clémentines (vrac)", "3.29"),
    ),
    "legumes_frais": (
        _p("Carottes sachet 1 kg", "1.29", 1000),
        _p("Pommes de terre filet 2,5 kg", "2.99", 2500),
        _p("Oignons jaunes filet 1 kg", "1.69", 1000),
        _p("Échalotes filet 250 g", "1.49", 250),
        _p("Ail filet de 3 têtes", "1.99", 150),
        _p("Salade batavia (pièce)", "1.09", 350),
        _p("Concombre (pièce)", "0.99", 400),
        _p("Chou-fleur (pièce)", "2.49", 1000),
        _p("Tomates cerises barquette 250 g", "1.99", 250),
        _w("Carottes (vrac)", "1.39"),
        _w("Pommes de terre (vrac)", "1.29"),
        _w("Oignons jaunes (vrac)", "1.79"),
        _w("Tomates rondes (vrac)", "2.99"),
        _w("Courgettes (vrac)", "2.79"),
        _w("Poireaux (vrac)", "2.99"),
        _w("Courge butternut (vrac)", "2.29"),
    ),
    "conserves_fruits_legumes": (
        _p("Haricots verts extra-fins 800 g", "1.69", 800),
        _p("Petits pois et carottes 800 g", "1.59", 800),
        _p("Maïs doux 3×140 g", "2.29", 420),
        _p("Pois chiches 400 g", "0.89", 400),
        _p("Champignons de Paris émincés 400 g", "1.39", 400),
        _p("Macédoine de légumes 800 g", "1.49", 800),
        _p("Tomates pelées 800 g", "1.19", 800),
        _p("Double concentré de tomates 140 g", "0.79", 140),
        _p("Coulis de tomates 500 g", "1.09", 500),
        _p("Compote pomme 4×100 g", "1.49", 400),
        _p("Compote de pommes allégée en sucres 850 g", "2.19", 850),
        _p("Compote pomme en gourdes 4×90 g", "1.99", 360),
        _p("Pêches au sirop léger 820 g", "2.29", 820),
        _p("Poires au sirop léger 820 g", "2.49", 820),
    ),
    "legumes_surgeles": (
        _p("Haricots verts extra-fins surgelés 1 kg", "2.49", 1000),
        _p("Petits pois surgelés 1 kg", "2.29", 1000),
        _p("Épinards hachés surgelés 1 kg", "1.99", 1000),
        _p("Brocolis surgelés 1 kg", "2.39", 1000),
        _p("Légumes pour potage surgelés 1 kg", "1.89", 1000),
        _p("Carottes en rondelles surgelées 1 kg", "1.49", 1000),
        _p("Fruits rouges surgelés 500 g", "3.49", 500),
    ),
    "pates": (
        _p("Pâtes coquillettes 500 g", "0.95", 500),
        _p("Spaghetti 500 g", "0.99", 500),
        _p("Spaghetti 1 kg", "1.79", 1000),
        _p("Penne rigate 500 g", "0.99", 500),
        _p("Fusilli 500 g", "0.99", 500),
        _p("Macaroni 500 g", "0.95", 500),
        _p("Farfalle 500 g", "1.09", 500),
        _p("Torsades 1 kg", "1.79", 1000),
        _p("Tagliatelles 500 g", "1.39", 500),
        _p("Vermicelles 250 g", "0.79", 250),
        _p("Lasagnes (feuilles) 500 g", "1.49", 500),
    ),
    "riz_legumes_secs": (
        _p("Riz long grain 1 kg", "1.69", 1000),
        _p("Riz basmati 1 kg", "2.69", 1000),
        _p("Riz long étuvé 1 kg", "1.99", 1000),
        _p("Riz rond 1 kg", "1.79", 1000),
        _p("Semoule de blé moyenne 1 kg", "1.59", 1000),
        _p("Farine de blé T55 1 kg", "0.89", 1000),
        _p("Farine de blé T45 1 kg", "1.09", 1000),
        _p("Lentilles vertes 500 g", "1.59", 500),
        _p("Lentilles corail 500 g", "1.89", 500),
        _p("Pois chiches secs 500 g", "1.39", 500),
        _p("Haricots blancs secs 500 g", "1.69", 500),
        _p("Purée en flocons 4×125 g", "1.79", 500),
    ),
    "petit_dejeuner": (
        _p("Pain de mie nature 500 g", "1.29", 500),
        _p("Pain de mie complet 500 g", "1.49", 500),
        _p("Biscottes nature 300 g", "1.39", 300),
        _p("Pain grillé complet 250 g", "1.49", 250),
        _p("Pains au lait ×10 (350 g)", "1.69", 350),
        _p("Brioche tranchée 500 g", "2.19", 500),
        _p("Pétales de maïs nature 500 g", "1.99", 500),
        _p("Céréales fourrées au chocolat 500 g", "2.49", 500),
        _p("Muesli aux fruits 750 g", "2.79", 750),
        _p("Flocons d'avoine 500 g", "1.19", 500),
        _p("Riz soufflé au chocolat 450 g", "2.39", 450),
    ),
    "lait": (
        _p("Lait demi-écrémé UHT 1 L", "1.05", 1000),
        _p("Lait demi-écrémé UHT 6×1 L", "5.99", 6000),
        _p("Lait demi-écrémé UHT 50 cl", "0.69", 500),
        _p("Lait entier UHT 1 L", "1.25", 1000),
        _p("Lait écrémé UHT 1 L", "0.99", 1000),
        _p("Lait demi-écrémé UHT bio 1 L", "1.39", 1000),
        _p("Lait chocolaté UHT 6×20 cl", "2.59", 1200),
        _p("Lait concentré sucré 397 g", "2.19", 397),
        _p("Lait en poudre demi-écrémé 300 g", "3.29", 300),
        _p("Lait frais entier pasteurisé 1 L", "1.39", 1000, "chilled", "DLC"),
    ),
    "ultra_frais": (
        _p("Yaourts nature 4×125 g", "0.99", 500),
        _p("Yaourts nature 12×125 g", "2.49", 1500),
        _p("Yaourts aux fruits 8×125 g", "2.39", 1000),
        _p("Yaourts aromatisés 8×125 g", "1.79", 1000),
        _p("Fromage blanc nature 500 g", "1.59", 500),
        _p("Petits-suisses nature 6×60 g", "1.39", 360),
        _p("Crème dessert vanille 4×125 g", "1.49", 500),
        _p("Crème dessert chocolat 4×125 g", "1.49", 500),
        _p("Flan nappé caramel 4×100 g", "1.39", 400),
        _p("Camembert 250 g", "1.89", 250),
        _p("Coulommiers 350 g", "2.29", 350),
        _p("Fromage fondu en portions 16×17,5 g", "2.29", 280),
        _p("Mozzarella 125 g", "0.99", 125),
        _p("Bûche de chèvre 180 g", "2.19", 180),
    ),
    "fromages": (
        _p("Emmental râpé 200 g", "1.79", 200),
        _p("Emmental râpé 500 g", "4.19", 500),
        _p("Emmental en bloc 500 g", "4.49", 500),
        _p("Comté 12 mois portion 250 g", "4.49", 250),
        _p("Tomme des Pyrénées portion 300 g", "3.99", 300),
        _p("Gouda jeune portion 300 g", "2.99", 300),
        _p("Mimolette portion 250 g", "3.29", 250),
        _p("Parmesan râpé 100 g", "2.29", 100),
        _p("Fromage à raclette en tranches 400 g", "4.99", 400),
        _w("Comté à la coupe", "19.90", gtin=True),
        _w("Tomme des Pyrénées à la coupe", "14.90", gtin=True),
        _w("Emmental à la coupe", "11.90", gtin=True),
    ),
    "beurre_creme": (
        _p("Beurre doux 250 g", "2.49", 250),
        _p("Beurre demi-sel 250 g", "2.59", 250),
        _p("Beurre doux 500 g", "4.69", 500),
        _p("Beurre doux plaquette 125 g", "1.39", 125),
        _p("Margarine tournesol 500 g", "2.19", 500),
        _p("Crème fraîche épaisse 20 cl", "1.19", 200),
        _p("Crème fraîche épaisse 50 cl", "2.39", 500),
        _p("Crème fraîche légère 20 cl", "1.09", 200),
        _p("Crème liquide UHT 20 cl", "0.99", 200, "ambient", "DDM"),
    ),
    "huiles": (
        _p("Huile de tournesol 1 L", "2.19", 920),
        _p("Huile de colza 1 L", "2.49", 920),
        _p("Huile 4 graines 1 L", "2.69", 920),
        _p("Huile d'arachide 1 L", "3.49", 920),
        _p("Huile d'olive vierge extra 75 cl", "7.49", 690),
        _p("Vinaigrette classique 50 cl", "1.69", 500),
        _p("Mayonnaise 235 g", "1.59", 235),
    ),
    "viandes_volailles": (
        _p("Filets de poulet 600 g", "7.49", 600),
        _p("Cuisses de poulet 1 kg", "4.99", 1000),
        _p("Poulet entier prêt à cuire 1,3 kg", "7.99", 1300),
        _p("Steaks hachés 15 % MG 4×100 g", "4.49", 400),
        _p("Steaks hachés 5 % MG 2×125 g", "3.29", 250),
        _p("Viande hachée de bœuf 15 % MG 500 g", "5.99", 500),
        _p("Escalopes de dinde 500 g", "6.49", 500),
        _p("Côtes de porc échine 600 g", "4.99", 600),
        _p("Saucisses de Toulouse 500 g", "4.49", 500),
        _w("Rôti de porc à la coupe", "10.90", gtin=True),
        _w("Sauté de dinde à la coupe", "12.90", gtin=True),
        _w("Bœuf à braiser à la coupe", "15.90", gtin=True),
    ),
    "charcuterie": (
        _p("Jambon blanc 4 tranches 180 g", "2.49", 180),
        _p("Jambon blanc 6 tranches 270 g", "3.49", 270),
        _p("Blanc de dinde 4 tranches 160 g", "1.99", 160),
        _p("Lardons fumés 200 g", "1.99", 200),
        _p("Pâté de campagne 180 g", "1.49", 180),
        _p("Rillettes de porc 220 g", "2.29", 220),
        _p("Saucisses de Strasbourg 6×35 g", "1.99", 210),
        _p("Chorizo en tranches 100 g", "1.79", 100),
        _p("Saucisson sec 250 g", "3.29", 250, "ambient", "DDM"),
        _p("Bâtonnets de surimi 250 g", "2.19", 250),
        _p("Saumon fumé 4 tranches 120 g", "4.49", 120),
    ),
    "oeufs": (
        _p("Œufs frais plein air ×6", "1.99", 360),
        _p("Œufs frais plein air ×10", "3.29", 600),
        _p("Œufs frais plein air ×12", "3.79", 720),
        _p("Œufs frais de poules élevées au sol ×12", "3.19", 720),
        _p("Œufs frais plateau ×30", "7.99", 1800),
        _p("Œufs frais bio ×6", "2.49", 360),
    ),
    "conserves_poisson_viande": (
        _p("Thon entier au naturel 140 g", "2.19", 140),
        _p("Thon entier au naturel 3×140 g", "5.49", 420),
        _p("Miettes de thon à la tomate 160 g", "1.39", 160),
        _p("Sardines à l'huile d'olive 135 g", "1.29", 135),
        _p("Sardines à la tomate 135 g", "1.29", 135),
        _p("Filets de maquereaux au vin blanc 176 g", "1.89", 176),
        _p("Filets de maquereaux à la moutarde 176 g", "1.89", 176),
        _p("Saumon rose au naturel 213 g", "2.99", 213),
        _p("Corned-beef 340 g", "3.49", 340),
        _p("Pâté de foie 3×78 g", "1.99", 234),
        _p("Confit de canard 2 cuisses 750 g", "7.99", 750),
    ),
    "surgeles_poisson_viande": (
        _p("Filets de colin d'Alaska surgelés 400 g", "3.99", 400),
        _p("Filets de lieu noir surgelés 1 kg", "7.49", 1000),
        _p("Filets de cabillaud surgelés 400 g", "5.49", 400),
        _p("Bâtonnets de poisson panés 450 g", "3.29", 450),
        _p("Steaks hachés surgelés 15 % MG 10×100 g", "7.49", 1000),
        _p("Aiguillettes de poulet surgelées 1 kg", "7.99", 1000),
        _p("Nuggets de poulet surgelés 400 g", "3.49", 400),
    ),
    "sucre_confitures": (
        _p("Sucre en poudre 1 kg", "1.19", 1000),
        _p("Sucre en morceaux 1 kg", "1.59", 1000),
        _p("Sucre roux de canne 1 kg", "2.19", 1000),
        _p("Sucre glace 500 g", "1.29", 500),
        _p("Confiture de fraises 370 g", "1.99", 370),
        _p("Confiture d'abricots 370 g", "1.89", 370),
        _p("Gelée de groseilles 370 g", "2.19", 370),
        _p("Miel toutes fleurs liquide 500 g", "4.99", 500),
        _p("Pâte à tartiner noisettes et cacao 400 g", "2.49", 400),
        _p("Pâte à tartiner noisettes et cacao 750 g", "3.99", 750),
        _p("Crème de marrons 250 g", "2.29", 250),
    ),
    "biscuits_confiseries": (
        _p("Petits-beurre 200 g", "1.09", 200),
        _p("Biscuits nappés chocolat au lait 150 g", "1.49", 150),
        _p("Madeleines nature 300 g", "1.99", 300),
        _p("Quatre-quarts pur beurre 500 g", "2.79", 500),
        _p("Gâteaux moelleux au chocolat 10×30 g", "1.99", 300),
        _p("Cookies aux pépites de chocolat 200 g", "1.39", 200),
        _p("Biscuits petit-déjeuner aux céréales 400 g", "1.99", 400),
        _p("Pain d'épices tranché 300 g", "1.69", 300),
        _p("Chocolat noir dessert 200 g", "2.59", 200),
        _p("Chocolat au lait 100 g", "1.29", 100),
        _p("Bonbons gélifiés aux fruits 250 g", "1.59", 250),
        _p("Barres de céréales au chocolat 6×21 g", "1.49", 126),
    ),
    "cafe_the": (
        _p("Café moulu 250 g", "3.19", 250),
        _p("Café moulu pur arabica 250 g", "3.79", 250),
        _p("Café moulu 4×250 g", "11.99", 1000),
        _p("Café soluble 100 g", "3.99", 100),
        _p("Dosettes de café souples ×36", "4.49", 250),
        _p("Chicorée soluble 250 g", "3.49", 250),
        _p("Thé noir 25 sachets", "1.79", 50),
        _p("Infusion tilleul-menthe 25 sachets", "1.69", 37),
        _p("Cacao sucré en poudre 450 g", "2.49", 450),
        _p("Cacao sucré en poudre 1 kg", "4.49", 1000),
    ),
    "jus_boissons": (
        _p("Eau de source 1,5 L", "0.35", 1500),
        _p("Eau de source 6×1,5 L", "1.99", 9000),
        _p("Jus d'orange à base de concentré 1 L", "1.79", 1000),
        _p("Pur jus d'orange 1 L", "2.49", 1000),
        _p("Jus de pomme 1 L", "1.59", 1000),
        _p("Nectar multifruits 1 L", "1.49", 1000),
        _p("Sirop de grenadine 75 cl", "1.99", 750),
        _p("Sirop de menthe 75 cl", "1.99", 750),
        _p("Boisson au cola 1,5 L", "1.49", 1500),
        _p("Limonade 1,5 L", "0.99", 1500),
        _p("Jus d'orange frais 1 L", "2.99", 1000, "chilled", "DLC"),
    ),
    "plats_conserve": (
        _p("Cassoulet 840 g", "3.69", 840),
        _p("Raviolis pur bœuf 800 g", "2.29", 800),
        _p("Petit salé aux lentilles 840 g", "3.79", 840),
        _p("Lentilles saucisses 420 g", "1.99", 420),
        _p("Chili con carne 840 g", "3.79", 840),
        _p("Couscous au poulet 980 g", "4.49", 980),
        _p("Choucroute garnie 800 g", "3.99", 800),
        _p("Ratatouille 750 g", "2.29", 750),
        _p("Soupe de légumes 1 L", "1.79", 1000),
        _p("Velouté de potiron 1 L", "1.99", 1000),
    ),
    "plats_frais": (
        _p("Hachis parmentier 300 g", "2.49", 300),
        _p("Parmentier de canard 300 g", "3.49", 300),
        _p("Lasagnes à la bolognaise 1 kg", "4.99", 1000),
        _p("Gratin dauphinois 400 g", "2.69", 400),
        _p("Taboulé oriental 500 g", "2.29", 500),
        _p("Carottes râpées vinaigrette 500 g", "1.49", 500),
        _p("Quiche lorraine 400 g", "2.99", 400),
        _p("Raviolis frais à la viande 300 g", "1.99", 300),
    ),
    "plats_surgeles": (
        _p("Frites surgelées 1 kg", "2.19", 1000),
        _p("Pommes noisettes surgelées 750 g", "2.49", 750),
        _p("Pizza margherita surgelée 350 g", "2.49", 350),
        _p("Pizza 4 fromages surgelée 400 g", "2.79", 400),
        _p("Poêlée campagnarde surgelée 1 kg", "3.49", 1000),
        _p("Croque-monsieur surgelés 4×100 g", "2.99", 400),
        _p("Paëlla surgelée 1 kg", "4.99", 1000),
    ),
    "condiments": (
        _p("Sel fin iodé 1 kg", "0.75", 1000),
        _p("Gros sel de mer 1 kg", "0.69", 1000),
        _p("Poivre noir moulu 50 g", "1.79", 50),
        _p("Moutarde de Dijon 370 g", "1.79", 370),
        _p("Ketchup 560 g", "1.79", 560),
        _p("Sauce tomate au basilic 400 g", "1.29", 400),
        _p("Sauce bolognaise 400 g", "1.79", 400),
        _p("Bouillon de volaille 10 cubes", "1.29", 100),
        _p("Vinaigre de vin rouge 1 L", "1.19", 1000),
        _p("Cornichons au vinaigre 350 g", "1.89", 350),
        _p("Levure chimique 6 sachets", "0.79", 66),
    ),
    "alimentation_infantile": (
        _p("Lait infantile 1er âge en poudre 800 g", "12.49", 800),
        _p("Lait infantile 2e âge en poudre 800 g", "11.49", 800),
        _p("Lait de croissance 1 L", "1.99", 1000),
        _p("Petit pot légumes variés 2×200 g", "2.29", 400),
        _p("Petit pot légumes et jambon 2×200 g", "2.99", 400),
        _p("Compote bébé pomme 4×100 g", "1.99", 400),
        _p("Gourdes fruits bébé 4×90 g", "2.49", 360),
        _p("Céréales infantiles dès 6 mois 250 g", "2.89", 250),
        _p("Biscuits bébé dès 10 mois 150 g", "1.99", 150),
    ),
    "hygiene_corporelle": (
        _p("Savon de Marseille 300 g", "1.49", 300),
        _p("Gel douche 250 ml", "1.29", 250),
        _p("Shampooing 300 ml", "1.59", 300),
        _p("Dentifrice 75 ml", "1.09", 100),
        _p("Brosses à dents médium ×2", "1.49", 30),
        _p("Déodorant à bille 50 ml", "1.99", 60),
        _p("Papier toilette 12 rouleaux", "5.49", 1300),
        _p("Serviettes hygiéniques ×20", "1.99", 150),
        _p("Tampons normal ×16", "2.29", 60),
        _p("Mouchoirs en papier 15 étuis", "1.49", 200),
    ),
    "couches_soins_bebe": (
        _p("Couches taille 2 (3-6 kg) ×60", "9.99", 1500),
        _p("Couches taille 3 (4-9 kg) ×56", "10.99", 1680),
        _p("Couches taille 4 (7-18 kg) ×50", "10.99", 1750),
        _p("Couches taille 5 (11-25 kg) ×44", "10.99", 1760),
        _p("Culottes d'apprentissage taille 5 ×30", "9.49", 1200),
        _p("Lingettes bébé ×72", "1.49", 450),
        _p("Liniment oléo-calcaire 500 ml", "2.99", 500),
        _p("Sérum physiologique 30 unidoses", "2.19", 150),
        _p("Gel lavant bébé 500 ml", "2.49", 500),
    ),
    "entretien": (
        _p("Liquide vaisselle 750 ml", "1.29", 750),
        _p("Lessive liquide 2 L", "5.49", 2000),
        _p("Tablettes lave-vaisselle ×30", "3.99", 540),
        _p("Eau de Javel 1 L", "0.99", 1000),
        _p("Nettoyant multi-usages 1 L", "1.49", 1000),
        _p("Vinaigre ménager 1 L", "0.99", 1000),
        _p("Assouplissant 1 L", "1.99", 1000),
        _p("Éponges grattantes ×4", "1.29", 60),
        _p("Sacs poubelle 30 L ×30", "1.49", 250),
        _p("Essuie-tout 2 rouleaux", "1.99", 300),
    ),
}

# Fixed fictitious company number inside each French prefix; the serial is scrambled by a constant
# coprime with 10^5 so codes look like real ones while staying unique and stable.
_DEMO_COMPANY = "4172"
_SERIAL_STEP = 7919


def _demo_gtin(category_index: int, serial: int) -> str:
    body = f"{300 + category_index:03d}{_DEMO_COMPANY}{serial * _SERIAL_STEP % 100_000:05d}"
    return with_check_digit(body)


def _product(category_index: int, category: CategoryData, serial: int, row: _Row) -> ProductData:
    return ProductData(
        gtin=_demo_gtin(category_index, serial) if row.has_gtin else None,
        name_fr=row.name_fr,
        category=category.code,
        sold_by=row.sold_by,
        market_price=Decimal(row.price),
        net_weight_g=row.net_weight_g,
        storage_class=row.storage_class or category.storage_class,
        date_kind=row.date_kind or category.date_kind,
    )


def _build_products() -> tuple[ProductData, ...]:
    # Serials count from 1 within a category, in table order: append new rows to keep GTINs stable.
    return tuple(
        _product(index, category, serial, row)
        for index, category in enumerate(CATEGORIES)
        for serial, row in enumerate(_ROWS[category.code], start=1)
    )


PRODUCTS: tuple[ProductData, ...] = _build_products()


# Vesti-boutique: symbolic prices by garment type, not by item (DOMAIN: 0.50–3 €).
GARMENT_TYPES: tuple[GarmentTypeData, ...] = tuple(
    GarmentTypeData(code, label, Decimal(price))
    for code, label, price in (
        ("tshirt", "T-shirt", "1.00"),
        ("chemise", "Chemise ou chemisier", "2.00"),
        ("pull", "Pull ou gilet", "2.00"),
        ("sweat", "Sweat-shirt", "2.00"),
        ("pantalon", "Pantalon", "2.00"),
        ("jean", "Jean", "2.50"),
        ("jupe_robe", "Jupe ou robe", "2.00"),
        ("short", "Short ou bermuda", "1.00"),
        ("pyjama", "Pyjama", "1.50"),
        ("veste", "Veste", "2.50"),
        ("manteau", "Manteau ou blouson", "3.00"),
        ("chaussures", "Chaussures (paire)", "2.50"),
        ("chaussettes", "Chaussettes (lot)", "0.50"),
        ("vetement_bebe", "Vêtement bébé", "0.50"),
        ("vetement_enfant", "Vêtement enfant", "1.00"),
        ("accessoire", "Accessoire (écharpe, bonnet, ceinture)", "0.50"),
        ("linge_maison", "Linge de maison (drap, serviette)", "1.50"),
    )
)
