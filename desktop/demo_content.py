"""Text for `waymark demo`: clearly fictional people and what staff recorded about them.

Wording of the English concerns follows the risk factors and indicators of the source policy
(seed 004 §5.3–5.4, §6.3, §7.8); the Vietnamese concerns use the formal register of the
provincial coordination regulation (seed 003). Every name and place here is invented.
"""

from __future__ import annotations

from dataclasses import dataclass

FICTIONAL_EN = "Fictional demo record: this person does not exist."
FICTIONAL_VI = "Hồ sơ mẫu hư cấu: người này không có thật."

CARE_HOME = "Larkspur House (fictional children's home)"
SCHOOL = "Fernbrook Academy (fictional school)"
BORDER_POST = "Đồn Biên phòng cửa khẩu Nam Sơn (hư cấu)"
BORDER_GATE = "Cửa khẩu Nam Sơn (hư cấu)"
FOREIGN_SIDE = "Cơ quan chức năng nước láng giềng (hư cấu)"
RECEPTION_WITNESS = "Đại diện Ủy ban nhân dân xã Nam Sơn (hư cấu)"
TASK_DONE_VI = "Đã thực hiện (hồ sơ mẫu hư cấu)."
RECEPTION_LIST = "Danh sách người được trao trả do phía nước bạn lập (hư cấu)"


@dataclass(frozen=True)
class ConcernText:
    text: str
    categories: tuple[str, ...]
    days_ago: int
    place: str = ""
    immediate_risk: bool = False
    told: tuple[str, ...] = ("dsl",)
    told_detail: str = ""


@dataclass(frozen=True)
class CorePerson:
    kind: str  # "care", "school" or "border"
    given_names: str
    family_name: str
    sex: str
    age: int
    concerns: tuple[ConcernText, ...]
    notes: tuple[str, ...] = ()
    age_disputed: bool = False
    languages: tuple[str, ...] = ("English",)
    nationality: str = "British"
    interpreter_needed: bool = False
    aliases: tuple[str, ...] = ()
    documents_note: str = ""
    framework: str = ""  # the checklist, where not the usual one for its kind
    details: tuple[tuple[str, str], ...] = ()  # over PERSON_DETAILS[kind]
    disclosure: tuple[tuple[str, str], ...] = ()  # turns, where not the kind's usual one


def _care(text: str, cats: tuple[str, ...], days: int, *, immediate_risk: bool = False,
          told: tuple[str, ...] = ("dsl",)) -> ConcernText:
    return ConcernText(text, cats, days, place=CARE_HOME, immediate_risk=immediate_risk,
                       told=told)


def _vn(text: str, cats: tuple[str, ...], days: int) -> ConcernText:
    return ConcernText(text, cats, days, place=BORDER_POST, told=("police", "commune"),
                       told_detail="Đã thông báo cho Công an tỉnh và Ủy ban nhân dân xã nơi "
                                   "đương sự cư trú.")


CARE_CHILDREN: tuple[CorePerson, ...] = (
    CorePerson("care", "Kayla", "Brennan", "female", 15, (
        _care("Kayla was missing from 19:00 and came back at 01:40. She was quiet and "
              "withdrawn on return and went straight to her room. She said: \"I was just with "
              "a friend, it doesn't matter.\"", ("missing", "cse"), 12,
              told=("dsl", "placing_authority")),
        _care("Kayla has a new phone and £120 in cash. Asked where they came from, she said: "
              "\"My boyfriend got it me.\" She has said before that her boyfriend is 22 and "
              "drives.", ("cse",), 9),
        _care("A hotel key card was found in Kayla's jacket pocket when it went in the wash. "
              "Staff saw her get into a silver car driven by an older man outside the home at "
              "21:15 on the same evening.", ("cse", "missing"), 5, told=("dsl", "police")),
    ), notes=("Kayla asked to start the art club again on Thursdays.",)),
    CorePerson("care", "Jordan", "Okafor", "male", 15, (
        _care("Jordan was missing overnight for the third time this month. On return he had "
              "£340 in cash and two phones; a basic handset rang again and again. He said: "
              "\"I can't not answer it.\"", ("missing", "county_lines", "cce"), 14,
              told=("dsl", "police", "placing_authority")),
        _care("Jordan said he had been \"out of town\" and could not say which town. A train "
              "ticket to a coastal town was in his pocket. Moved for exploitation, he may be a "
              "victim of trafficking even if he went willingly.",
              ("county_lines", "trafficking"), 8),
        _care("Jordan has a cut to his hand he will not explain and has stopped going to "
              "college. He said older boys \"look after him\".", ("serious_violence", "cce"), 3),
    ), notes=("Jordan's social worker visits on Friday; he wants to talk about football.",)),
    # Children forced to work on cannabis farms are criminally exploited (seed 004 §4.2); a
    # child of an England vault with a Vietnamese name, recorded as England records names.
    CorePerson("care", "Văn Minh", "Vũ", "male", 15, (
        _care("Police found Minh locked in a house in Exampleton used to grow cannabis and "
              "brought him to Larkspur House. Through the interpreter he said the men who "
              "brought him to England told him he owes £20,000 for the journey.",
              ("trafficking", "cce"), 13, told=("dsl", "police", "placing_authority")),
        _care("Minh was missing overnight. He came back with a phone he had kept hidden and "
              "said a man rang to tell him where to go. He was frightened and would not eat.",
              ("missing", "trafficking"), 6, immediate_risk=True,
              told=("dsl", "police", "placing_authority")),
    ), notes=("Minh likes cooking with staff and has asked for English lessons.",),
        age_disputed=True, nationality="Vietnamese", languages=("Vietnamese",),
        interpreter_needed=True, framework="uk-child-trafficking",
        details=(("ethnicity", "Not known"),
                 ("parental_responsibility", "Exampleton City Council (interim care order)")),
        disclosure=(
            ("person", "The boss says my family will pay if I run away."),
            ("staff", "Tell me more about that."),
            ("person", "He knows my mother's village. He says I still owe for the journey."),
            ("staff", "Did he take you to the house himself?"),
            ("person", "His friend drove me at night. I could not see where."),
            ("staff", "Thank you for telling me. I can't keep this a secret: I need to tell "
                      "our safeguarding lead so we can keep you safe."))),
    CorePerson("care", "Mia", "Kowalska", "female", 14, (
        _care("Mia has not been to school this week and spends most evenings out. She talks "
              "of \"new friends\" who are older and will not give names.", ("cse", "other"), 10),
        _care("Mia told her key worker she has been drinking alcohol given to her by a man she "
              "met online, at a flat she could not name. She was distressed and said she did "
              "not want to go back.", ("cse", "online_harm"), 2, immediate_risk=True,
              told=("dsl", "police")),
    ), notes=("Mia attends Fernbrook Academy (fictional school).",)),
    CorePerson("care", "Tyler", "Hughes", "male", 16, (
        _care("Tyler came back with new designer trainers and a jacket he could not explain. "
              "He now spends time with older young people at the train station.",
              ("cce", "county_lines"), 11),
        _care("Staff heard Tyler on the phone saying: \"I'll do the run tomorrow, I'm not going "
              "to get caught.\" He has been angry and aggressive since.",
              ("county_lines", "cce"), 4),
    )),
)

SCHOOL_PUPILS: tuple[CorePerson, ...] = (
    CorePerson("school", "Amira", "Haddad", "female", 13, (
        ConcernText("In form time Amira showed a friend messages from an adult account asking "
                    "her to send photos and to keep their chats secret. She said: \"He says I'm "
                    "mature for my age.\"", ("online_harm", "cse"), 6, place=SCHOOL,
                    told=("dsl", "parent_carer")),
        ConcernText("Amira has been absent three Mondays in a row and was tired and withdrawn "
                    "in class. A classmate said she was given a new phone by \"someone she met "
                    "online\".", ("online_harm", "cse"), 1, place=SCHOOL),
    ), notes=("Amira's tutor is keeping a log of absences for the DSL.",)),
    CorePerson("school", "Leo", "Whitfield", "male", 14, (
        ConcernText("Leo was seen at the school gate taking a bag from an older youth on a "
                    "moped. He has started carrying large amounts of cash and is secretive "
                    "about a second phone.", ("cce", "county_lines"), 7, place=SCHOOL),
    )),
    CorePerson("school", "Thị Mai", "Trần", "female", 13, (
        ConcernText("Mai said she works at a nail bar \"for an auntie\" every weekend until "
                    "late and is not paid. She falls asleep in class on Mondays and said she "
                    "is not allowed to talk about the shop.", ("cce", "other"), 5,
                    place=SCHOOL, told=("dsl",)),
    ), languages=("English", "Vietnamese"), details=(("ethnicity", "Asian British"),)),
)

_GROUP = ("Công an nước bạn trao trả tại cửa khẩu một nhóm 8 công dân Việt Nam, trong đó có "
          "đương sự. ")

BORDER_GROUP: tuple[CorePerson, ...] = (
    CorePerson("border", "Thị Hồng", "Nguyễn", "female", 19, (
        _vn(_GROUP + "Qua trao đổi ban đầu, đương sự khai được một người quen giới thiệu đi "
            "làm phục vụ nhà hàng với mức lương 15 triệu đồng/tháng; khi sang đến nơi thì bị "
            "đưa đến làm việc tại một cơ sở karaoke, không được tự do đi lại.",
            ("trafficking", "cse"), 4),
        _vn("Đương sự cho biết hộ chiếu và giấy tờ tùy thân bị người môi giới giữ từ khi xuất "
            "cảnh, đến nay chưa được trả lại.", ("trafficking",), 4),
    ), documents_note="Hộ chiếu do người môi giới giữ"),
    CorePerson("border", "Văn Đức", "Trần", "male", 24, (
        _vn(_GROUP + "Đương sự khai bị buộc trả khoản nợ 30 triệu đồng gọi là \"chi phí đưa "
            "đi\", bị trừ toàn bộ tiền công; làm việc tại công trường từ 6 giờ sáng đến 11 giờ "
            "đêm, không được nghỉ, có dấu hiệu lao động cưỡng bức.",
            ("trafficking", "forced_labour"), 4),
    ), documents_note="Giấy tờ tùy thân bị chủ sử dụng lao động giữ"),
    CorePerson("border", "Thị Thu Hà", "Lê", "female", 17, (
        _vn(_GROUP + "Đương sự khai 17 tuổi, chưa có giấy tờ chứng minh; được hứa hẹn việc "
            "làm công nhân nhà máy nhưng bị giữ tại nhà của người môi giới, không được liên lạc "
            "với gia đình. Đề nghị xác minh tuổi và xử lý như người chưa thành niên.",
            ("trafficking",), 4),
    ), age_disputed=True),
    CorePerson("border", "A Páo", "Giàng", "male", 16, (
        _vn(_GROUP + "Đương sự được người cùng bản rủ sang bên kia biên giới làm thuê tại xưởng "
            "gỗ; bị giữ lại làm việc không lương, ngủ tại xưởng và không được liên lạc với gia "
            "đình. Cần phiên dịch tiếng H'Mông.", ("trafficking", "forced_labour"), 4),
    ), languages=("Tiếng H'Mông", "Tiếng Việt"), interpreter_needed=True),
    CorePerson("border", "Thị Mỷ", "Sùng", "female", 15, (
        _vn(_GROUP + "Đương sự khai được một người đàn ông hứa hẹn việc làm và kết hôn, sau đó "
            "bị đưa qua biên giới đến một gia đình để ép kết hôn. Đương sự còn hoảng sợ, cần bố "
            "trí cán bộ nữ và phiên dịch tiếng H'Mông khi lấy lời khai.",
            ("trafficking", "cse"), 4),
    ), languages=("Tiếng H'Mông",), interpreter_needed=True),
    CorePerson("border", "Thị Lan", "Phạm", "female", 22, (
        _vn(_GROUP + "Đương sự khai đi làm giúp việc gia đình qua một công ty môi giới không "
            "có giấy phép; bị thu giữ điện thoại, làm việc không có ngày nghỉ và bị đe dọa báo "
            "công an nếu bỏ trốn.", ("trafficking", "forced_labour"), 4),
    )),
    CorePerson("border", "Văn Tuấn", "Hoàng", "male", 31, (
        _vn(_GROUP + "Đương sự khai tự nguyện sang làm thuê theo mùa vụ, được trả công đầy đủ; "
            "chưa phát hiện dấu hiệu bị mua bán. Tiếp tục sàng lọc riêng theo quy định.",
            ("other",), 4),
    )),
    CorePerson("border", "Thị Ngọc Ánh", "Đỗ", "female", 20, (
        _vn(_GROUP + "Đương sự khai bị giữ tại một xưởng may cùng nhiều lao động khác, phải làm "
            "việc để trả khoản nợ tiền môi giới và tiền ăn ở ngày càng tăng.",
            ("trafficking", "forced_labour"), 4),
    ), aliases=("Ánh",)),
)

BORDER_NOTE = "Đã bố trí chỗ ở tạm thời, khám sức khỏe ban đầu và cung cấp nhu yếu phẩm."
LEAD_NOTE = "Strategy discussion arranged with children's social care."
LEAD_NOTE_VI = ("Đã thống nhất với Công an tỉnh phương án xác minh và hỗ trợ ban đầu cho đương "
                "sự.")

# --- combinations for people past the core set -------------------------------------------
EN_FEMALE = ("Chloe", "Ellie", "Jade", "Leah", "Megan", "Paige", "Ruby", "Shannon", "Tia",
             "Zara", "Aisha", "Niamh", "Courtney", "Demi", "Holly", "Keira")
EN_MALE = ("Callum", "Connor", "Harvey", "Kai", "Liam", "Mason", "Reece", "Tyrese", "Kian",
           "Ryan", "Ethan", "Dylan", "Brandon", "Jayden", "Owen", "Declan")
EN_MIDDLE_F = ("", "", "Rose", "Marie", "Grace", "May", "Ann", "Louise")
EN_MIDDLE_M = ("", "", "James", "Lee", "John", "Louis", "Michael", "Thomas")
EN_FAMILY = ("Walsh", "Patel", "Murphy", "Campbell", "Ali", "Evans", "Khan", "Doyle", "Price",
             "Reid", "Nowak", "Mensah", "Fletcher", "Sutton", "Bailey", "Osei", "Cole",
             "Begum", "Turner", "Hart", "Byrne", "Lewis", "Shaw", "Kaur")

VN_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
             "Dương", "Lý", "Đinh", "Trịnh", "Lương")
VN_FEMALE_MIDDLE = ("Thị", "Thị Thu", "Thị Ngọc", "Thị Kim", "Thị Thanh", "Thị Bích")
VN_MALE_MIDDLE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Văn Đình")
VN_FEMALE = ("Hồng", "Hà", "Lan", "Hương", "Mai", "Thảo", "Ngọc", "Trang", "Yến", "Nhung",
             "Hạnh", "Huyền", "Loan", "Dung", "Phượng", "Oanh")
VN_MALE = ("Đức", "Tuấn", "Dũng", "Hải", "Hùng", "Nam", "Long", "Thắng", "Khánh", "Phúc",
           "Quý", "Sơn", "Cường", "Toàn", "Hiếu", "Việt")
HMONG_FAMILY = ("Giàng", "Sùng", "Thào", "Vàng", "Mùa", "Hầu", "Lầu")
HMONG_MALE = ("A Páo", "A Sử", "A Dế", "A Chứ", "Seo Lử", "A Tủa")
HMONG_FEMALE = ("Thị Mỷ", "Thị Dợ", "Thị Sua", "Thị Chá", "Thị Máy", "Thị Pà")

CARE_TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("{name} was missing from {hours}:00 until after midnight and was withdrawn on return. "
     "{pronoun} would not say where {pronoun_l} had been.", ("missing",)),
    ("{name} has a new phone and £{money} in cash that {pronoun_l} cannot account for.",
     ("cse", "cce")),
    ("{name} talks about a \"boyfriend\" who is much older and picks {pronoun_obj} up in a car "
     "near the home.", ("cse",)),
    ("{name} came back with a second phone that rings constantly and said {pronoun_l} had "
     "been \"working\" in another town.", ("county_lines", "cce")),
    ("{name} has stopped attending education and is secretive about new associations.",
     ("other",)),
)
SCHOOL_TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("{name} showed a friend messages from an unknown adult asking for photos and for the "
     "chat to be kept secret.", ("online_harm", "cse")),
    ("{name} has been absent on several Mondays and was given gifts by \"someone online\".",
     ("online_harm",)),
    ("{name} has unexplained money and a new phone, and has dropped old friends.",
     ("cse", "cce")),
)
BORDER_TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Đương sự khai được giới thiệu đi làm {job} với mức lương {money} triệu đồng/tháng; khi "
     "đến nơi bị giữ giấy tờ tùy thân và không được trả công.", ("trafficking",)),
    ("Đương sự khai phải trả khoản nợ {money} triệu đồng cho người môi giới, làm việc liên tục "
     "không có ngày nghỉ, không được tự do đi lại.", ("trafficking", "forced_labour")),
    ("Đương sự khai hộ chiếu do người môi giới giữ; bị đe dọa nếu bỏ trốn khỏi nơi làm {job}.",
     ("trafficking",)),
    ("Đương sự khai tự nguyện sang làm thuê; chưa phát hiện dấu hiệu bị mua bán. Tiếp tục "
     "sàng lọc riêng theo quy định.", ("other",)),
)
# A child of Viet Nam in care in England (the few Vietnamese names of an England vault).
VN_IN_CARE_TEMPLATES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("{name} was found by police working in a house used to grow cannabis. Through the "
     "interpreter {pronoun_l} said {pronoun_l} owes money for the journey to England.",
     ("trafficking", "cce")),
    ("{name} was missing overnight and came back with a phone {pronoun_l} would not explain. "
     "{pronoun} said a man told {pronoun_obj} where to go.", ("missing", "trafficking")),
    ("{name} said through the interpreter that {pronoun_l} worked in a nail bar before coming "
     "into care and was never paid.", ("trafficking",)),
)
VN_JOBS = ("phục vụ nhà hàng", "công nhân nhà máy", "giúp việc gia đình", "thợ may",
           "công nhân xây dựng", "bán hàng", "làm thuê tại xưởng gỗ")

# One disclosure per care-home and border-post core person (fictional; the staff turns are
# good practice, except one closed question the coach is expected to flag).
DISCLOSURE_EN = (
    ("person", "The man at the flat says I owe him for the phone and the trainers."),
    ("staff", "Tell me more about that."),
    ("person", "He says I have to take bags to other towns to pay it back."),
    ("staff", "Did he give you the bags himself?"),
    ("person", "Sometimes. Other times his friend drives me."),
    ("staff", "Thank you for telling me. I can't keep this a secret: I need to tell our "
              "safeguarding lead so we can keep you safe."),
)
DISCLOSURE_VI = (
    ("person", "Người ta hứa cho em làm ở nhà hàng, nhưng sang đó thì bắt em làm ở xưởng."),
    ("staff", "Em kể cho cô nghe chuyện gì xảy ra tiếp theo."),
    ("person", "Họ giữ hộ chiếu của em và nói em phải trả nợ tiền đi đường."),
    ("staff", "Em có được ra ngoài không?"),
    ("person", "Không, cửa lúc nào cũng khóa."),
    ("staff", "Cảm ơn em đã kể cho cô. Cô không thể giữ bí mật chuyện này, cô sẽ báo cho "
              "người có trách nhiệm để giúp em được an toàn."),
)


# What the forms print about the demo users and organisation (issue 11). All fictional.
PROFILES: dict[str, dict[str, str]] = {
    "admin": {"full_name": "Jordan Ellis (fictional)", "job_title": "Registered manager",
              "phone": "01632 960000", "email": "manager@example.org"},
    "demo.care": {"full_name": "Sam Carter (fictional)", "job_title": "Residential care worker",
                  "phone": "01632 960001", "email": "sam.carter@example.org"},
    "demo.teacher": {"full_name": "Priya Shah (fictional)", "job_title": "Class teacher",
                     "phone": "01632 960002", "email": "priya.shah@example.org"},
    "demo.lead": {"full_name": "Alex Morgan (fictional)",
                  "job_title": "Designated Safeguarding Lead",
                  "phone": "01632 960003", "email": "alex.morgan@example.org"},
}
# A Viet Nam vault's: the border post's own officers.
VN_PROFILES: dict[str, dict[str, str]] = {
    "admin": {"full_name": "Lê Minh Tuấn (hư cấu)", "job_title": "Đồn trưởng",
              "phone": "0214 3800 001", "email": "lmtuan@example.org"},
    "demo.border": {"full_name": "Phạm Văn Nam (hư cấu)", "job_title": "Đội trưởng",
                    "phone": "0214 3800 000", "email": "pvnam@example.org"},
    "demo.lead": {"full_name": "Vũ Thị Thanh Hương (hư cấu)", "job_title": "Phó Đồn trưởng",
                  "phone": "0214 3800 002", "email": "vtthuong@example.org"},
}
ORG_DETAILS: dict[str, dict[str, str]] = {
    "england": {"address": "1 Example Road, Exampleton EX1 1AA (fictional)",
                "phone": "01632 960000", "abbreviation": "", "place": "Exampleton",
                "parent_agency": ""},
    "vietnam": {"address": "Xã Nam Sơn, tỉnh Lào Cai (hư cấu)", "phone": "0214 3800 000",
                "abbreviation": "ĐBPNS", "place": "Lào Cai",
                "parent_agency": "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH LÀO CAI"},
}
# Extra person details by kind of demo person (fictional; the forms ask for these).
PERSON_DETAILS: dict[str, dict[str, str]] = {
    "care": {"address": CARE_HOME, "gp": "Dr A. Example, Fernbrook Surgery (fictional)",
             "social_worker": "Chris Doe, Exampleton children's services, 01632 960100",
             "placing_authority": "Exampleton City Council (fictional), 01632 960101",
             "parental_responsibility": "Exampleton City Council (care order) and mother",
             "cp_status": "looked_after", "ethnicity": "White British"},
    "school": {"address": "12 Sample Street, Exampleton (fictional)",
               "gp": "Fernbrook Surgery (fictional)", "parental_responsibility": "Both parents",
               "household_children": "One younger sibling (8)", "cp_status": "none",
               "upn": "A123456789012", "ethnicity": "Not known"},
    "border": {"ethnicity": "Kinh", "home_town": "Xã Bản Phiệt, tỉnh Lào Cai (hư cấu)",
               "address": "Xã Bản Phiệt, tỉnh Lào Cai (hư cấu)",
               "id_document_type": "Căn cước công dân", "health_notes": "Mệt, không có vết thương"},
}
