"""Regenerates outlines.json and regions.json here: `python resources/bodymap/make_outlines.py`.

The outlines are mirrored half-figures (crown, neck, shoulder, arm, hand, waist, hip, leg, foot)
in height units; regions are boxes derived from the same proportions. Edit PROPS and re-run.
"""

import json
import math
from pathlib import Path

HERE = Path(__file__).resolve().parent

ASPECT = 0.5  # box width / height

PROPS = {
    "adult": dict(
        head_cy=0.066,
        head_rx=0.047,
        head_ry=0.063,
        neck_y0=0.122,
        neck_y1=0.150,
        neck_w=0.024,
        sh_y=0.175,
        sh_w=0.112,
        arm_out=[
            (0.126, 0.22),
            (0.132, 0.38),
            (0.138, 0.48),
            (0.150, 0.545),
            (0.146, 0.585),
            (0.128, 0.590),
        ],
        arm_in=[(0.112, 0.575), (0.112, 0.49), (0.100, 0.38), (0.086, 0.235)],
        torso=[(0.076, 0.30), (0.072, 0.40), (0.090, 0.49)],
        leg_out=[
            (0.092, 0.56),
            (0.082, 0.66),
            (0.068, 0.74),
            (0.068, 0.80),
            (0.046, 0.935),
            (0.052, 0.975),
            (0.070, 0.992),
            (0.066, 1.0),
            (0.020, 1.0),
        ],
        leg_in=[(0.016, 0.94), (0.022, 0.80), (0.018, 0.74), (0.012, 0.60)],
        crotch_y=0.525,
    ),
    "child": dict(
        head_cy=0.088,
        head_rx=0.062,
        head_ry=0.083,
        neck_y0=0.163,
        neck_y1=0.190,
        neck_w=0.030,
        sh_y=0.210,
        sh_w=0.108,
        arm_out=[
            (0.120, 0.25),
            (0.126, 0.40),
            (0.132, 0.49),
            (0.145, 0.545),
            (0.140, 0.580),
            (0.122, 0.585),
        ],
        arm_in=[(0.106, 0.570), (0.106, 0.50), (0.096, 0.40), (0.082, 0.265)],
        torso=[(0.078, 0.33), (0.076, 0.42), (0.086, 0.51)],
        leg_out=[
            (0.088, 0.58),
            (0.080, 0.67),
            (0.068, 0.75),
            (0.068, 0.81),
            (0.048, 0.935),
            (0.054, 0.975),
            (0.072, 0.992),
            (0.068, 1.0),
            (0.020, 1.0),
        ],
        leg_in=[(0.016, 0.94), (0.022, 0.81), (0.018, 0.75), (0.012, 0.62)],
        crotch_y=0.56,
    ),
}


def nx(dx):  # offset from the centre line in height units -> normalised x
    return round(0.5 + dx / ASPECT, 4)


def half(p):
    pts = []
    # head: from the crown round the right side to the neck
    steps = 14
    end = math.acos(
        max(-1, min(1, p["neck_w"] / p["head_rx"]))
    )  # angle where the neck meets the head
    for i in range(steps + 1):
        a = -math.pi / 2 + (math.pi / 2 + end) * i / steps
        pts.append((p["head_rx"] * math.cos(a), p["head_cy"] + p["head_ry"] * math.sin(a)))
    pts.append((p["neck_w"], p["neck_y1"]))
    pts.append((p["sh_w"] * 0.75, p["sh_y"] - 0.008))
    pts.append((p["sh_w"], p["sh_y"] + 0.006))
    pts += p["arm_out"] + p["arm_in"] + p["torso"] + p["leg_out"] + p["leg_in"]
    pts.append((0.0, p["crotch_y"]))
    return pts


def polygon(p):
    h = half(p)
    right = [(nx(dx), round(y, 4)) for dx, y in h]
    left = [(nx(-dx), round(y, 4)) for dx, y in reversed(h[1:-1])]
    return right + left


def details(p, view):
    c = 0.5
    if view == "front":
        y = p["sh_y"] + 0.012
        return [
            [(nx(-0.07), y + 0.004), (nx(-0.015), y + 0.012)],
            [(nx(0.015), y + 0.012), (nx(0.07), y + 0.004)],
            [(nx(-0.004), p["crotch_y"] - 0.12), (nx(0.004), p["crotch_y"] - 0.12)],
        ]
    return [
        [(c, p["neck_y1"] + 0.01), (c, p["crotch_y"] - 0.06)],
        [
            (nx(-0.06), p["crotch_y"] - 0.005),
            (c, p["crotch_y"] - 0.035),
            (nx(0.06), p["crotch_y"] - 0.005),
        ],
    ]


NAMES = {
    "head": ("Head", "Đầu"),
    "face": ("Face", "Mặt"),
    "back_of_head": ("Back of the head", "Phía sau đầu"),
    "neck": ("Neck", "Cổ"),
    "back_of_neck": ("Back of the neck", "Gáy"),
    "chest": ("Chest", "Ngực"),
    "abdomen": ("Abdomen", "Bụng"),
    "genital_area": ("Genital area", "Vùng kín"),
    "upper_back": ("Upper back", "Lưng trên"),
    "lower_back": ("Lower back", "Thắt lưng"),
    "buttocks": ("Buttocks", "Mông"),
    "shoulder": ("shoulder", "Vai"),
    "upper_arm": ("upper arm", "Cánh tay trên"),
    "forearm": ("forearm", "Cẳng tay"),
    "wrist": ("wrist", "Cổ tay"),
    "hand": ("hand", "Bàn tay"),
    "thigh": ("thigh", "Đùi"),
    "knee": ("knee", "Đầu gối"),
    "lower_leg": ("lower leg", "Cẳng chân"),
    "foot": ("foot", "Bàn chân"),
    "hip": ("hip", "Hông"),
    "upper_back_side": ("upper back", "Lưng trên"),
}


def region(id_, en, vi, view, box):
    x0, y0, x1, y1 = box
    return {
        "id": id_,
        "name": {"en": en, "vi": vi},
        "view": view,
        "point": [round((x0 + x1) / 2, 4), round((y0 + y1) / 2, 4)],
        "box": [round(min(x0, x1), 4), round(y0, 4), round(max(x0, x1), 4), round(y1, 4)],
    }


def side_regions(p, view, side, waist):
    """The regions of one side of the body. The front view shows the person's right on the
    viewer's left; the back view shows it on the viewer's right."""
    sign = -1 if (side == "right") == (view == "front") else 1
    en_side, vi_side = ("Right", "phải") if side == "right" else ("Left", "trái")
    ao, ai, lo = p["arm_out"], p["arm_in"], p["leg_out"]

    def box(a, b, y0, y1):
        return (nx(sign * a), y0, nx(sign * b), y1)

    boxes = [
        ("shoulder", box(0.06, p["sh_w"] + 0.012, p["sh_y"] - 0.012, p["sh_y"] + 0.04)),
        ("upper_arm", box(ai[3][0], ao[0][0] + 0.006, p["sh_y"] + 0.04, ao[1][1])),
        ("forearm", box(ai[2][0], ao[1][0] + 0.006, ao[1][1], ao[2][1] - 0.02)),
        ("wrist", box(ai[1][0] - 0.004, ao[2][0] + 0.006, ao[2][1] - 0.02, ao[2][1] + 0.02)),
        ("hand", box(ai[0][0] - 0.006, ao[3][0] + 0.008, ao[2][1] + 0.02, ao[5][1])),
    ]
    if view == "front":
        boxes.append(("hip", box(0.05, p["torso"][2][0] + 0.004, waist + 0.05, p["crotch_y"])))
    else:
        upper = box(0.0, p["torso"][0][0] + 0.004, p["sh_y"] + 0.02, waist - 0.06)
        boxes.append(("upper_back_side", upper))
    boxes += [
        ("thigh", box(0.012, lo[0][0], p["crotch_y"], lo[2][1] - 0.03)),
        ("knee", box(0.016, lo[2][0] + 0.004, lo[2][1] - 0.03, lo[3][1])),
        ("lower_leg", box(0.018, lo[3][0] + 0.004, lo[3][1], lo[4][1])),
        ("foot", box(0.014, lo[6][0] + 0.002, lo[4][1], 1.0)),
    ]
    out = []
    for key, where in boxes:
        en, vi = NAMES[key]
        out.append(region(f"{side}_{key}", f"{en_side} {en}", f"{vi} {vi_side}", view, where))
    return out


def regions(p):
    out = []
    hy0 = p["head_cy"] - p["head_ry"]
    for view in ("front", "back"):
        if view == "front":
            out.append(
                region(
                    "head",
                    "Head",
                    "Đầu",
                    view,
                    (nx(-p["head_rx"]), hy0, nx(p["head_rx"]), p["head_cy"] - p["head_ry"] * 0.35),
                )
            )
            out.append(
                region(
                    "face",
                    "Face",
                    "Mặt",
                    view,
                    (
                        nx(-p["head_rx"]),
                        p["head_cy"] - p["head_ry"] * 0.35,
                        nx(p["head_rx"]),
                        p["neck_y0"],
                    ),
                )
            )
            out.append(
                region(
                    "neck",
                    "Neck",
                    "Cổ",
                    view,
                    (nx(-p["neck_w"]), p["neck_y0"], nx(p["neck_w"]), p["neck_y1"]),
                )
            )
        else:
            out.append(
                region(
                    "back_of_head",
                    "Back of the head",
                    "Phía sau đầu",
                    view,
                    (nx(-p["head_rx"]), hy0, nx(p["head_rx"]), p["neck_y0"]),
                )
            )
            out.append(
                region(
                    "back_of_neck",
                    "Back of the neck",
                    "Gáy",
                    view,
                    (nx(-p["neck_w"]), p["neck_y0"], nx(p["neck_w"]), p["neck_y1"]),
                )
            )
        waist = p["torso"][1][1]
        for side in ("right", "left"):
            out.extend(side_regions(p, view, side, waist))
        if view == "front":
            out.append(
                region(
                    "chest",
                    "Chest",
                    "Ngực",
                    view,
                    (nx(-0.07), p["sh_y"] + 0.02, nx(0.07), waist - 0.05),
                )
            )
            out.append(
                region(
                    "abdomen",
                    "Abdomen",
                    "Bụng",
                    view,
                    (nx(-0.07), waist - 0.05, nx(0.07), p["crotch_y"] - 0.05),
                )
            )
            out.append(
                region(
                    "genital_area",
                    "Genital area",
                    "Vùng kín",
                    view,
                    (nx(-0.045), p["crotch_y"] - 0.05, nx(0.045), p["crotch_y"] + 0.02),
                )
            )
        else:
            out.append(
                region(
                    "lower_back",
                    "Lower back",
                    "Thắt lưng",
                    view,
                    (nx(-0.07), waist - 0.06, nx(0.07), p["crotch_y"] - 0.06),
                )
            )
            out.append(
                region(
                    "buttocks",
                    "Buttocks",
                    "Mông",
                    view,
                    (nx(-0.085), p["crotch_y"] - 0.06, nx(0.085), p["crotch_y"] + 0.03),
                )
            )
    # "left_upper_back_side" reads badly: call them left/right upper back.
    for r in out:
        r["id"] = r["id"].replace("upper_back_side", "upper_back")
    return out


outlines = {
    "version": 1,
    "aspect": ASPECT,
    "note": (
        "Normalised coordinates: x 0..1 across, y 0..1 down, inside a box whose width is "
        "`aspect` times its height. The front view shows the person's right on the viewer's left."
    ),
    "outlines": {},
}
regs = {
    "version": 1,
    "note": (
        "Named regions per outline kind, with the person's left/right. `point` is where a mark "
        "added by region (keyboard) is placed; `box` is x0, y0, x1, y1 in the view's normalised "
        "coordinates."
    ),
    "regions": {},
}
for kind, p in PROPS.items():
    poly = polygon(p)
    outlines["outlines"][kind] = {
        v: {"polygons": [poly], "details": details(p, v)} for v in ("front", "back")
    }
    regs["regions"][kind] = regions(p)
(HERE / "outlines.json").write_text(
    json.dumps(outlines, separators=(",", ":"), ensure_ascii=False), encoding="utf-8"
)
(HERE / "regions.json").write_text(json.dumps(regs, indent=1, ensure_ascii=False), encoding="utf-8")
print(len(poly), [len(v) for v in regs["regions"].values()])
