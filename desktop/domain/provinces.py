"""Where a person was found or received, for the reports' breakdown by area (issue 18).

Viet Nam: the province or centrally-run city (tỉnh, thành phố trực thuộc trung ương). The
list is the 63 provinces and their codes in the General Statistics Office's list of
administrative units (Danh mục các đơn vị hành chính Việt Nam, codes under Decision
124/2004/QĐ-TTg), as they stood before Resolution 202/2025/QH15 merged them into 34 from
1 July 2025 (Thừa Thiên Huế named as the city of Huế from 1 January 2025). The merged list is
not used: neither DOMAIN.md nor the seeds give it, and an entry made against the old names
stays true of where the person was found. A record keeps the code; the name is for display.

England: the local authority, typed by the user (there is no closed list here): the report
groups names case- and space-insensitively.
"""

from __future__ import annotations

VN_PROVINCES: tuple[tuple[str, str], ...] = (
    ("01", "Thành phố Hà Nội"), ("02", "Hà Giang"), ("04", "Cao Bằng"), ("06", "Bắc Kạn"),
    ("08", "Tuyên Quang"), ("10", "Lào Cai"), ("11", "Điện Biên"), ("12", "Lai Châu"),
    ("14", "Sơn La"), ("15", "Yên Bái"), ("17", "Hòa Bình"), ("19", "Thái Nguyên"),
    ("20", "Lạng Sơn"), ("22", "Quảng Ninh"), ("24", "Bắc Giang"), ("25", "Phú Thọ"),
    ("26", "Vĩnh Phúc"), ("27", "Bắc Ninh"), ("30", "Hải Dương"), ("31", "Thành phố Hải Phòng"),
    ("33", "Hưng Yên"), ("34", "Thái Bình"), ("35", "Hà Nam"), ("36", "Nam Định"),
    ("37", "Ninh Bình"), ("38", "Thanh Hóa"), ("40", "Nghệ An"), ("42", "Hà Tĩnh"),
    ("44", "Quảng Bình"), ("45", "Quảng Trị"), ("46", "Thừa Thiên Huế (Thành phố Huế)"),
    ("48", "Thành phố Đà Nẵng"), ("49", "Quảng Nam"), ("51", "Quảng Ngãi"), ("52", "Bình Định"),
    ("54", "Phú Yên"), ("56", "Khánh Hòa"), ("58", "Ninh Thuận"), ("60", "Bình Thuận"),
    ("62", "Kon Tum"), ("64", "Gia Lai"), ("66", "Đắk Lắk"), ("67", "Đắk Nông"),
    ("68", "Lâm Đồng"), ("70", "Bình Phước"), ("72", "Tây Ninh"), ("74", "Bình Dương"),
    ("75", "Đồng Nai"), ("77", "Bà Rịa - Vũng Tàu"), ("79", "Thành phố Hồ Chí Minh"),
    ("80", "Long An"), ("82", "Tiền Giang"), ("83", "Bến Tre"), ("84", "Trà Vinh"),
    ("86", "Vĩnh Long"), ("87", "Đồng Tháp"), ("89", "An Giang"), ("91", "Kiên Giang"),
    ("92", "Thành phố Cần Thơ"), ("93", "Hậu Giang"), ("94", "Sóc Trăng"), ("95", "Bạc Liêu"),
    ("96", "Cà Mau"),
)
VN_PROVINCE_NAMES = dict(VN_PROVINCES)


def area_key(jurisdiction: str, value: str) -> str:
    """The report's key for a recorded province or local authority ("" when none)."""
    text = " ".join(value.split())
    if jurisdiction == "vietnam":
        return text if text in VN_PROVINCE_NAMES else ""
    return text.casefold()


def area_name(jurisdiction: str, value: str) -> str:
    """What to show for a recorded value."""
    if jurisdiction == "vietnam":
        return VN_PROVINCE_NAMES.get(value.strip(), value)
    return " ".join(value.split())
