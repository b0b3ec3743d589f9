"""Data Food Consortium-shaped JSON-LD: Enterprise, SuppliedProduct, CatalogItem, Offer in one @graph."""

from __future__ import annotations

from linkage.adapters.native import NAMESPACE

CONTEXT = {
    "dfc-b": "https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_BusinessOntology.owl#",
    "dfc-m": "https://github.com/datafoodconsortium/taxonomies/releases/latest/download/measures.rdf#",
    "blm": NAMESPACE,
}


def render(listing: dict) -> dict:
    url = listing["url"]
    head = {
        "@context": CONTEXT,
        "blm:id": listing["id"],
        "blm:revision": listing["revision"],
        "blm:status": listing["status"],
    }
    if listing["status"] != "active":
        return {**head, "@graph": [{"@id": f"{url}#catalog-item", "@type": "dfc-b:CatalogItem", "dfc-b:stockLimitation": 0}]}
    producer = listing["producer"]
    enterprise = {
        "@id": producer["id"],
        "@type": "dfc-b:Enterprise",
        "dfc-b:name": producer["name"],
        "dfc-b:hasAddress": {
            "@type": "dfc-b:Address",
            "dfc-b:hasCity": listing["locality"]["name"],
            "dfc-b:region": listing["locality"]["province"],
            "dfc-b:hasCountry": "VN",
        },
        "dfc-b:supplies": f"{url}#product",
        "dfc-b:manages": f"{url}#catalog-item",
    }
    if producer["legal_id"]["value"]:
        enterprise["dfc-b:VATnumber"] = producer["legal_id"]["value"]
    product = {
        "@id": f"{url}#product",
        "@type": "dfc-b:SuppliedProduct",
        "dfc-b:name": listing["name"],
        "dfc-b:description": listing["description"],
        "dfc-b:hasType": listing["category"]["slug"],
        "dfc-b:image": listing["images"],
        "dfc-b:hasQuantity": {"@type": "dfc-b:QuantitativeValue", "dfc-b:hasUnit": listing["unit"], "dfc-b:value": 1},
        "dfc-b:referencedBy": f"{url}#catalog-item",
        "blm:ocopGroup": listing["category"]["ocop_group"],
        "blm:productionZone": listing["zone"],
    }
    ocop = listing["ocop"]
    if ocop:
        product["dfc-b:hasCertification"] = {
            "@type": "dfc-b:Certification",
            "blm:scheme": "OCOP",
            "blm:stars": ocop["stars"],
            "blm:decisionNumber": ocop["decision_number"],
            "blm:decisionDate": ocop["decision_date"],
            "blm:issuedBy": ocop["issuer"],
            "blm:validUntil": ocop["valid_until"],
        }
    catalog_item = {
        "@id": f"{url}#catalog-item",
        "@type": "dfc-b:CatalogItem",
        "dfc-b:sku": listing["id"],
        "dfc-b:stockLimitation": listing["stock"],
        "dfc-b:references": f"{url}#product",
        "dfc-b:offeredThrough": f"{url}#offer",
    }
    offer = {
        "@id": f"{url}#offer",
        "@type": "dfc-b:Offer",
        "dfc-b:hasPrice": {"@type": "dfc-b:Price", "dfc-b:value": listing["price_vnd"], "dfc-b:hasUnit": "dfc-m:VietnameseDong"},
        "dfc-b:stockLimitation": listing["stock"],
        "dfc-b:offers": f"{url}#catalog-item",
    }
    return {**head, "@graph": [enterprise, product, catalog_item, offer]}
