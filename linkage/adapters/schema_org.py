"""schema.org JSON-LD: Product + Offer + hasCertification (Certification), plus blm:id/revision/status."""

from __future__ import annotations

from linkage.adapters.native import NAMESPACE

CONTEXT = ["https://schema.org", {"blm": NAMESPACE}]


def render(listing: dict) -> dict:
    head = {
        "@context": CONTEXT,
        "@type": "Product",
        "@id": listing["url"],
        "blm:id": listing["id"],
        "blm:revision": listing["revision"],
        "blm:status": listing["status"],
        "identifier": listing["id"],
        "url": listing["url"],
        "dateModified": listing["updated_at"],
    }
    if listing["status"] != "active":
        return {**head, "offers": {"@type": "Offer", "availability": "https://schema.org/Discontinued"}}
    producer = listing["producer"]
    organization = {
        "@type": "Organization",
        "@id": producer["id"],
        "name": producer["name"],
        "address": {
            "@type": "PostalAddress",
            "addressLocality": listing["locality"]["name"],
            "addressRegion": listing["locality"]["province"],
            "addressCountry": "VN",
        },
    }
    if producer["legal_id"]["value"]:
        organization["taxID"] = producer["legal_id"]["value"]
    document = {
        **head,
        "name": listing["name"],
        "description": listing["description"],
        "category": listing["category"]["name"],
        "image": listing["images"],
        "countryOfOrigin": "VN",
        "manufacturer": organization,
        "offers": {
            "@type": "Offer",
            "price": listing["price_vnd"],
            "priceCurrency": "VND",
            "availability": "https://schema.org/InStock" if listing["stock"] > 0 else "https://schema.org/OutOfStock",
            "inventoryLevel": {"@type": "QuantitativeValue", "value": listing["stock"]},
            "eligibleQuantity": {"@type": "QuantitativeValue", "value": 1, "unitText": listing["unit"]},
            "seller": {"@id": producer["id"]},
            "url": listing["url"],
        },
        "additionalProperty": [
            {"@type": "PropertyValue", "propertyID": "ocopGroup", "value": listing["category"]["ocop_group"]},
            {"@type": "PropertyValue", "propertyID": "productionZone", "value": listing["zone"]},
            {"@type": "PropertyValue", "propertyID": "localityCode", "value": listing["locality"]["code"]},
        ],
    }
    if listing["gtin"]:
        document["gtin"] = listing["gtin"]
    ocop = listing["ocop"]
    if ocop:
        document["hasCertification"] = {
            "@type": "Certification",
            "name": f"OCOP {ocop['stars']} sao",
            "certificationIdentification": ocop["decision_number"],
            "certificationRating": {"@type": "Rating", "ratingValue": ocop["stars"], "bestRating": 5, "worstRating": 3},
            "issuedBy": {"@type": "Organization", "name": ocop["issuer"]},
            "validFrom": ocop["decision_date"],
            "expires": ocop["valid_until"],
            "url": ocop["verification_url"],
        }
    return document
