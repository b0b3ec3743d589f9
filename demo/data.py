"""Vocabulary the demo data is drawn from: producers, products and places of the former Bạc Liêu area.

Producer names are invented; product kinds, localities and ecosystems are the province's real ones.
"""

# Former district codes that raise each production ecosystem.
ZONE_DISTRICTS = {
    "saline": ["960", "961", "954"],  # Đông Hải, Hòa Bình, TP Bạc Liêu: salt fields and the coast
    "brackish": ["959", "957", "958"],  # Giá Rai, Phước Long, Vĩnh Lợi: shrimp–rice, shrimp ponds
    "fresh": ["956", "957"],  # Hồng Dân, Phước Long: rice, orchards
}

# (name, category slug, unit, min price, max price, description)
PRODUCTS = {
    "saline": [
        ("Muối tinh", "gia-vi", "gói 500 g", 12000, 25000, "Muối tinh sấy khô từ muối hạt phơi nước biển trên ruộng đất, vị mặn dịu, hạt trắng mịn."),
        ("Muối hạt", "gia-vi", "túi 1 kg", 10000, 20000, "Muối hạt phơi nắng theo lối thủ công trên ruộng muối ven biển, kết tinh tự nhiên."),
        ("Muối tôm", "gia-vi", "hũ 200 g", 35000, 60000, "Muối tôm rang cùng tôm khô giã nhỏ và ớt, chấm trái cây."),
        ("Muối ớt", "gia-vi", "hũ 150 g", 25000, 45000, "Muối ớt xanh cay nồng, dùng chấm hải sản."),
        ("Tôm khô", "nong-san-so-che", "túi 250 g", 250000, 450000, "Tôm đất phơi khô, thịt chắc, ngọt tự nhiên, không phẩm màu."),
        ("Khô cá kèo", "nong-san-so-che", "túi 500 g", 120000, 220000, "Cá kèo làm sạch, phơi một nắng, nướng than thơm lừng."),
        ("Khô cá đù", "nong-san-so-che", "túi 500 g", 90000, 160000, "Cá đù biển xẻ bướm, phơi khô vừa ăn."),
        ("Nước mắm cá cơm", "gia-vi", "chai 500 ml", 45000, 95000, "Nước mắm nhĩ ủ chượp cá cơm và muối hạt trong thùng gỗ 12 tháng."),
        ("Mắm ruốc", "gia-vi", "hũ 300 g", 40000, 70000, "Mắm ruốc xay mịn, thơm, dùng kho quẹt và nấu bún."),
        ("Bánh phồng tôm", "thuc-pham-che-bien", "hộp 400 g", 55000, 95000, "Bánh phồng làm từ tôm tươi và bột năng, chiên giòn xốp."),
    ],
    "brackish": [
        ("Tôm sú đông lạnh", "nong-san-tuoi-song", "khay 1 kg", 280000, 420000, "Tôm sú nuôi quảng canh cấp đông nhanh, giữ độ ngọt."),
        ("Tôm thẻ hấp", "thuc-pham-che-bien", "khay 500 g", 150000, 230000, "Tôm thẻ hấp nước dừa, đóng khay hút chân không."),
        ("Cua biển", "nong-san-tuoi-song", "kg", 350000, 650000, "Cua biển nuôi trong rừng ngập mặn, gạch son, thịt chắc."),
        ("Ba khía muối", "thuc-pham-che-bien", "hũ 500 g", 70000, 120000, "Ba khía muối tỏi ớt, trộn chua ngọt ăn với cơm trắng."),
        ("Chả lụa tôm", "thuc-pham-che-bien", "cây 500 g", 120000, 180000, "Chả lụa quết tay từ tôm và thịt nạc, gói lá chuối."),
        ("Giò lụa", "thuc-pham-che-bien", "cây 500 g", 95000, 150000, "Giò lụa thịt heo quết dẻo, không hàn the."),
        ("Gạo tôm – lúa", "nong-san-so-che", "túi 5 kg", 120000, 190000, "Gạo trồng luân canh trên ruộng nuôi tôm, không phân thuốc hóa học."),
        ("Mắm cá lóc", "gia-vi", "hũ 500 g", 80000, 140000, "Mắm cá lóc ủ thính gạo rang, nấu lẩu mắm đậm đà."),
        ("Lạp xưởng tôm", "thuc-pham-che-bien", "túi 500 g", 130000, 200000, "Lạp xưởng nhồi tôm khô, phơi nắng, thơm mùi rượu mai quế lộ."),
    ],
    "fresh": [
        ("Gạo ST25", "nong-san-so-che", "túi 5 kg", 160000, 220000, "Gạo ST25 hạt dài, dẻo thơm, trồng trên đất lúa – tôm và ruộng ngọt."),
        ("Gạo ST24", "nong-san-so-che", "túi 5 kg", 140000, 200000, "Gạo ST24 cơm mềm, thơm lá dứa."),
        ("Gạo Một Bụi Đỏ", "nong-san-so-che", "túi 5 kg", 120000, 180000, "Gạo đặc sản mùa một vụ, hạt đỏ, giàu chất xơ."),
        ("Gạo Đài Thơm 8", "nong-san-so-che", "túi 5 kg", 90000, 140000, "Gạo Đài Thơm 8 cơm dẻo vừa, để nguội vẫn mềm."),
        ("Nhãn cơm vàng", "nong-san-tuoi-song", "kg", 35000, 60000, "Nhãn cơm vàng vườn xứ Bạc Liêu, cơm dày, ngọt thanh."),
        ("Mật ong hoa tràm", "thuc-pham-che-bien", "chai 500 ml", 150000, 250000, "Mật ong khai thác từ rừng tràm, nguyên chất."),
        ("Tổ yến sào", "thuc-pham-che-bien", "hộp 100 g", 2500000, 3800000, "Tổ yến nhà làm sạch lông thủ công, sợi dày."),
        ("Nước yến sào", "do-uong-khong-con", "lốc 6 lon", 90000, 150000, "Nước yến sào đường phèn, đóng lon."),
        ("Rượu nếp", "do-uong-co-con", "chai 500 ml", 80000, 150000, "Rượu nếp ủ men lá truyền thống, nấu chưng cất hai lần."),
        ("Trà khổ qua rừng", "san-pham-tu-duoc-lieu", "hộp 250 g", 70000, 120000, "Trà khổ qua rừng sấy lạnh, vị đắng dịu."),
        ("Bánh tằm", "thuc-pham-che-bien", "hộp 500 g", 30000, 55000, "Bánh tằm Ngan Dừa sợi dai, ăn kèm nước cốt dừa."),
        ("Giỏ lục bình", "dan-lat", "cái", 85000, 220000, "Giỏ đan từ cọng lục bình phơi khô, bền và nhẹ."),
        ("Thảm đan bàng", "dan-lat", "tấm 1 m × 1,5 m", 180000, 350000, "Thảm đan từ cỏ bàng, họa tiết truyền thống."),
        ("Mai vàng bonsai", "hoa-cay-canh", "chậu", 450000, 1500000, "Mai vàng ghép gốc bonsai, nở đúng Tết."),
        ("Tour vườn nhãn cổ", "du-lich-cong-dong", "vé/người", 50000, 150000, "Tham quan vườn nhãn trăm năm, thưởng thức đờn ca tài tử."),
        ("Homestay ruộng lúa", "du-lich-sinh-thai", "đêm", 350000, 650000, "Nghỉ đêm nhà vườn giữa đồng lúa, trải nghiệm bắt cá đồng."),
    ],
}

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
          "Trương", "Lâm", "Thạch", "Sơn", "Quách", "Châu", "Tăng"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Ngọc", "Hoàng", "Kim", "Quốc"]
GIVEN = ["Hậu", "Tâm", "Phúc", "Lộc", "Thảo", "Hùng", "Dũng", "Nga", "Lan", "Hương", "Bình", "Khánh", "Tuấn",
         "Sang", "Mười", "Bảy", "Diệp", "Quyên", "Thắm", "Đức", "Nhân", "Trí", "Xuân", "Phượng", "Vàng", "Kiệt"]

# Words that name a cooperative or enterprise after its trade.
TRADES = {
    "saline": ["Diêm nghiệp", "Muối", "Thủy sản", "Hải sản khô", "Nước mắm"],
    "brackish": ["Tôm – lúa", "Thủy sản", "Chế biến thực phẩm", "Nuôi trồng thủy sản", "Đặc sản"],
    "fresh": ["Nông nghiệp", "Lúa gạo", "Dịch vụ nông nghiệp", "Nông sản sạch", "Du lịch cộng đồng", "Đan lát"],
}
BRANDS = ["Phương Nam", "Biển Xanh", "Mekong Xanh", "Hương Quê", "Đất Mũi", "Cánh Đồng Vàng", "Nắng Gió",
          "Sông Hậu", "Phù Sa", "Rạch Rập", "Miền Tây", "Hạt Ngọc", "Nhà Mát", "Vàm Xáng", "Ba Vẹt", "Tràm Chim",
          "Gió Chướng", "Quê Hương", "Lúa Vàng", "Đồng Nọc Nạng"]
