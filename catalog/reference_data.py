"""The category tree is reference data: the six OCOP product groups and their sub-groups
(Decision 148/QĐ-TTg). Loaded by a migration and restored after a test flush; idempotent."""

TREE = [
    ("thuc-pham", "Thực phẩm", "Food", "food", [
        ("nong-san-tuoi-song", "Nông sản, thủy sản tươi sống", "Fresh produce and seafood"),
        ("nong-san-so-che", "Nông sản, thủy sản thô, sơ chế", "Raw and lightly processed produce"),
        ("thuc-pham-che-bien", "Thực phẩm chế biến", "Processed food"),
        ("gia-vi", "Gia vị", "Condiments and spices"),
        ("che-ca-phe", "Chè, cà phê, ca cao", "Tea, coffee and cocoa"),
    ]),
    ("do-uong", "Đồ uống", "Beverages", "beverages", [
        ("do-uong-co-con", "Đồ uống có cồn", "Alcoholic beverages"),
        ("do-uong-khong-con", "Đồ uống không cồn", "Non-alcoholic beverages"),
    ]),
    ("duoc-lieu", "Dược liệu và sản phẩm từ dược liệu", "Medicinal herbs and herbal products", "herbal", [
        ("duoc-lieu-tho", "Dược liệu", "Medicinal herbs"),
        ("san-pham-tu-duoc-lieu", "Sản phẩm từ dược liệu", "Herbal products"),
    ]),
    ("thu-cong-my-nghe", "Hàng thủ công mỹ nghệ", "Handicrafts", "handicrafts", [
        ("dan-lat", "Hàng đan lát", "Woven handicrafts"),
        ("my-nghe-gia-dung", "Mỹ nghệ, gia dụng", "Decorative and household crafts"),
    ]),
    ("sinh-vat-canh", "Sinh vật cảnh", "Ornamental plants and animals", "ornamental", [
        ("hoa-cay-canh", "Hoa, cây cảnh", "Flowers and ornamental plants"),
        ("dong-vat-canh", "Động vật cảnh", "Ornamental animals"),
    ]),
    ("du-lich", "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
     "Community and eco-tourism services", "tourism", [
        ("du-lich-cong-dong", "Du lịch cộng đồng", "Community tourism"),
        ("du-lich-sinh-thai", "Du lịch sinh thái, điểm du lịch", "Eco-tourism and destinations"),
    ]),
]



def load_categories(apps, using="default"):
    Category = apps.get_model("catalog", "Category")
    for position, (slug, name, name_en, group, children) in enumerate(TREE):
        root, _ = Category.objects.using(using).update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "ocop_group": group, "position": position, "parent": None}
        )
        for child_position, (child_slug, child_name, child_name_en) in enumerate(children):
            Category.objects.using(using).update_or_create(
                slug=child_slug,
                defaults={"name": child_name, "name_en": child_name_en, "ocop_group": group, "position": child_position, "parent": root},
            )



def restore_after_flush(sender, *, using="default", apps=None, **kwargs):
    """post_migrate also runs after `flush` (e.g. between transactional tests): reload if the table is empty."""
    if apps is None:  # `flush` sends no app registry; `migrate` sends its post-migration state
        from django.apps import apps
    if not apps.get_model("catalog", "Category").objects.using(using).exists():
        load_categories(apps, using)
