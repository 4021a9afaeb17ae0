"""The generated world: scenes of known concepts (shapes, colours, sizes, counts, textures, backgrounds, lighting,
printed words), drawn with PIL, each with its ground-truth concepts and captions in English, German and French.

Everything is a pure function of a seed, so `scene(seed, i)` always gives the same scene and picture.
"""
import math
import random
from dataclasses import dataclass, field

from PIL import Image, ImageDraw, ImageFont

COLOURS = {
    "red": (210, 30, 35), "green": (40, 160, 60), "blue": (35, 70, 200), "yellow": (240, 210, 40),
    "orange": (240, 130, 20), "purple": (130, 50, 160), "white": (245, 245, 245), "black": (20, 20, 20),
}
SHAPES = ["circle", "square", "triangle", "star", "cross"]
SIZES = ["small", "big"]
COUNTS = ["one", "two", "three"]
TEXTURES = ["plain", "striped", "dotted"]
BACKGROUNDS = ["grass", "beach", "sky", "snow", "wall", "night"]
WORDS = ["stop", "sale", "cafe", "hello"]
LIGHTING = ["bright", "dim"]

# German: (noun, gender, plural); French: (noun, gender, plural).
DE_SHAPES = {"circle": ("Kreis", "m", "Kreise"), "square": ("Quadrat", "n", "Quadrate"), "triangle": ("Dreieck", "n", "Dreiecke"),
             "star": ("Stern", "m", "Sterne"), "cross": ("Kreuz", "n", "Kreuze")}
DE_COLOURS = {"red": "rot", "green": "grün", "blue": "blau", "yellow": "gelb", "orange": "orang", "purple": "lila",
              "white": "weiß", "black": "schwarz"}
DE_BACKGROUNDS = {"grass": "auf Gras", "beach": "am Strand", "sky": "vor blauem Himmel", "snow": "im Schnee",
                  "wall": "vor einer Ziegelmauer", "night": "bei Nacht"}
DE_COUNTS = {"one": "ein", "two": "zwei", "three": "drei"}
FR_SHAPES = {"circle": ("cercle", "m", "cercles"), "square": ("carré", "m", "carrés"), "triangle": ("triangle", "m", "triangles"),
             "star": ("étoile", "f", "étoiles"), "cross": ("croix", "f", "croix")}
FR_COLOURS = {"red": ("rouge", "rouge"), "green": ("vert", "verte"), "blue": ("bleu", "bleue"), "yellow": ("jaune", "jaune"),
              "orange": ("orange", "orange"), "purple": ("violet", "violette"), "white": ("blanc", "blanche"),
              "black": ("noir", "noire")}
FR_BACKGROUNDS = {"grass": "sur l'herbe", "beach": "sur la plage", "sky": "dans le ciel", "snow": "dans la neige",
                  "wall": "devant un mur de briques", "night": "la nuit"}
FR_COUNTS = {"one": "un", "two": "deux", "three": "trois"}
# Training pictures are drawn at TRAIN_DRAW and squashed to the model's input with PIL bicubic, like the reference
# SiglipImageProcessor; held-out pictures are JPEGs of PHOTO_SIZE, what Shoebox is given.
TRAIN_DRAW = (192, 144)
PHOTO_SIZE = (320, 240)
JPEG_QUALITY = 90
TRAIN_SEED = 1
HELDOUT_SEED = 2

CAMERAS = [("Canon", "Canon EOS 80D"), ("Apple", "iPhone 12"), ("NIKON CORPORATION", "NIKON D750"), ("Google", "Pixel 7")]


@dataclass
class Scene:
    """One picture's content; `concepts` is the ground truth a query or tag can be judged by."""
    seed: int
    index: int
    colour: str
    shape: str
    size: str
    count: str
    texture: str
    background: str
    lighting: str
    word: str | None
    second: tuple[str, str] | None  # (colour, shape) of a different second object, or None
    captions: dict[str, list[str]] = field(default_factory=dict)

    @property
    def concepts(self) -> list[str]:
        c = [self.colour, self.shape, self.size, self.count, self.texture, self.background, self.lighting]
        if self.word:
            c.append(f"word:{self.word}")
        if self.second:
            c += [f"second:{self.second[0]}", f"second:{self.second[1]}"]
        return c


def plural(shape: str) -> str:
    return "crosses" if shape == "cross" else shape + "s"


def en_captions(s: Scene) -> list[str]:
    obj = f"{s.colour} {s.shape}" if s.count == "one" else f"{s.count} {s.colour} {plural(s.shape)}"
    sized = f"{s.size} {s.colour} {s.shape}" if s.count == "one" else f"{s.count} {s.size} {s.colour} {plural(s.shape)}"
    art = "a " if s.count == "one" else ""
    bg = {"grass": "on grass", "beach": "on a beach", "sky": "in the sky", "snow": "in the snow",
          "wall": "in front of a brick wall", "night": "at night"}[s.background]
    out = [
        f"{art}{sized} {bg}",
        f"a photo of {art}{obj}",
        f"{art}{obj} {bg}" + ("" if s.texture == "plain" else f", {s.texture}"),
        f"a {s.lighting} picture {bg} with {art}{obj}",
    ]
    if s.word:
        out.append(f"a sign that says {s.word} with {art}{obj}")
    if s.second:
        out.append(f"{art}{obj} and a {s.second[0]} {s.second[1]} {bg}")
    return out


def de_adjective(colour: str, gender: str, count: str) -> str:
    stem = DE_COLOURS[colour]
    if colour == "purple":
        return stem  # lila does not inflect
    if count != "one":
        return stem + "e"
    return stem + ("er" if gender == "m" else "es")


def de_captions(s: Scene) -> list[str]:
    noun, gender, plural_noun = DE_SHAPES[s.shape]
    adj = de_adjective(s.colour, gender, s.count)
    size = {"small": "klein", "big": "groß"}[s.size]
    size_adj = size + ("e" if s.count != "one" else ("er" if gender == "m" else "es"))
    obj = f"ein {adj} {noun}" if s.count == "one" else f"{DE_COUNTS[s.count]} {adj} {plural_noun}"
    big_obj = f"ein {size_adj} {adj} {noun}" if s.count == "one" else f"{DE_COUNTS[s.count]} {size_adj} {adj} {plural_noun}"
    return [f"{big_obj} {DE_BACKGROUNDS[s.background]}", f"ein Foto: {obj}", f"{obj} {DE_BACKGROUNDS[s.background]}"]


def fr_captions(s: Scene) -> list[str]:
    noun, gender, plural_noun = FR_SHAPES[s.shape]
    m, f = FR_COLOURS[s.colour]
    adj = m if gender == "m" else f
    if s.count != "one":
        adj = adj if adj.endswith("s") or s.colour == "orange" else adj + "s"
        obj = f"{FR_COUNTS[s.count]} {plural_noun} {adj}"
    else:
        obj = f"{'un' if gender == 'm' else 'une'} {noun} {adj}"
    size = {"small": "petit", "big": "grand"}[s.size] + ("e" if gender == "f" else "") + ("s" if s.count != "one" else "")
    return [f"{obj} {FR_BACKGROUNDS[s.background]}", f"une photo : {obj}", f"{obj} {size} {FR_BACKGROUNDS[s.background]}"]


def scene(seed: int, index: int) -> Scene:
    """The scene number `index` of the world `seed`."""
    r = random.Random(seed * 1_000_003 + index)
    colour = r.choice(list(COLOURS))
    shape = r.choice(SHAPES)
    second = None
    if r.random() < 0.25:
        second = (r.choice([c for c in COLOURS if c != colour]), r.choice([x for x in SHAPES if x != shape]))
    s = Scene(seed, index, colour, shape, r.choice(SIZES), r.choice(COUNTS), r.choice(TEXTURES), r.choice(BACKGROUNDS),
              r.choice(LIGHTING), r.choice(WORDS) if r.random() < 0.2 else None, second)
    s.captions = {"en": en_captions(s), "de": de_captions(s), "fr": fr_captions(s)}
    return s


def _background(draw: ImageDraw.ImageDraw, r: random.Random, kind: str, w: int, h: int) -> None:
    if kind == "grass":
        draw.rectangle([0, 0, w, h], fill=(70, 140, 50))
        for _ in range(w * h // 60):
            x, y = r.uniform(0, w), r.uniform(0, h)
            draw.line([x, y, x + r.uniform(-2, 2) * w / 200, y - r.uniform(2, 6) * h / 150], fill=(40, r.randint(100, 170), 35))
    elif kind == "beach":
        draw.rectangle([0, 0, w, h * 0.45], fill=(120, 180, 235))
        draw.rectangle([0, h * 0.45, w, h * 0.6], fill=(40, 110, 170))
        draw.rectangle([0, h * 0.6, w, h], fill=(225, 200, 140))
    elif kind == "sky":
        for y in range(h):
            t = y / h
            draw.line([0, y, w, y], fill=(int(90 + 80 * t), int(150 + 60 * t), 235))
        for _ in range(3):
            cx, cy, rr = r.uniform(0, w), r.uniform(0, h * 0.5), r.uniform(0.06, 0.12) * w
            draw.ellipse([cx - rr, cy - rr * 0.5, cx + rr, cy + rr * 0.5], fill=(250, 250, 250))
    elif kind == "snow":
        draw.rectangle([0, 0, w, h], fill=(232, 236, 242))
        for _ in range(w * h // 200):
            x, y = r.uniform(0, w), r.uniform(0, h)
            draw.point([x, y], fill=(200, 208, 220))
    elif kind == "wall":
        draw.rectangle([0, 0, w, h], fill=(170, 75, 50))
        bh = h / 8
        for row in range(9):
            y = row * bh
            draw.line([0, y, w, y], fill=(200, 190, 180), width=max(1, int(h / 100)))
            off = (row % 2) * w / 10
            for k in range(7):
                x = off + k * w / 5
                draw.line([x, y, x, y + bh], fill=(200, 190, 180), width=max(1, int(h / 100)))
    else:  # night
        draw.rectangle([0, 0, w, h], fill=(15, 20, 45))
        for _ in range(w * h // 300):
            draw.point([r.uniform(0, w), r.uniform(0, h)], fill=(230, 230, 200))


def _shape_points(shape: str, cx: float, cy: float, rad: float) -> list[tuple[float, float]] | None:
    if shape == "square":
        return [(cx - rad, cy - rad), (cx + rad, cy - rad), (cx + rad, cy + rad), (cx - rad, cy + rad)]
    if shape == "triangle":
        return [(cx + rad * math.cos(a), cy + rad * math.sin(a)) for a in (-math.pi / 2, math.pi / 6, 5 * math.pi / 6)]
    if shape == "star":
        return [(cx + (rad if k % 2 == 0 else rad * 0.45) * math.cos(-math.pi / 2 + k * math.pi / 5),
                 cy + (rad if k % 2 == 0 else rad * 0.45) * math.sin(-math.pi / 2 + k * math.pi / 5)) for k in range(10)]
    if shape == "cross":
        t = rad * 0.35
        return [(cx - t, cy - rad), (cx + t, cy - rad), (cx + t, cy - t), (cx + rad, cy - t), (cx + rad, cy + t), (cx + t, cy + t),
                (cx + t, cy + rad), (cx - t, cy + rad), (cx - t, cy + t), (cx - rad, cy + t), (cx - rad, cy - t), (cx - t, cy - t)]
    return None  # circle


def _object(img: Image.Image, shape: str, colour: str, texture: str, cx: float, cy: float, rad: float) -> None:
    mask = Image.new("L", img.size, 0)
    md = ImageDraw.Draw(mask)
    pts = _shape_points(shape, cx, cy, rad)
    if pts is None:
        md.ellipse([cx - rad, cy - rad, cx + rad, cy + rad], fill=255)
    else:
        md.polygon(pts, fill=255)
    fill = Image.new("RGB", img.size, COLOURS[colour])
    if texture != "plain":
        fd = ImageDraw.Draw(fill)
        other = (128, 128, 128) if colour in ("white", "black") else (245, 245, 245)
        step = max(3.0, rad / 3)
        if texture == "striped":
            k = -2 * rad
            while k < 2 * rad:
                fd.line([cx + k - rad, cy + rad, cx + k + rad, cy - rad], fill=other, width=max(1, int(step / 2.5)))
                k += step
        else:
            d = step / 4
            y = cy - rad
            while y < cy + rad:
                x = cx - rad
                while x < cx + rad:
                    fd.ellipse([x - d, y - d, x + d, y + d], fill=other)
                    x += step
                y += step
    img.paste(fill, (0, 0), mask)


def _font(size: int) -> ImageFont.ImageFont:
    """Pillow's bundled font (Pillow ≥ 10.1, used for training); DejaVu Sans Bold on older Pillows (Debian's)."""
    try:
        return ImageFont.load_default(size=size)
    except TypeError:
        return ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", size)


def render(s: Scene, w: int, h: int) -> Image.Image:
    """The scene drawn at w×h (the layout scales with the picture, so sizes only change the detail)."""
    r = random.Random(s.seed * 7_919 + s.index)
    img = Image.new("RGB", (w, h))
    _background(ImageDraw.Draw(img), r, s.background, w, h)
    n = COUNTS.index(s.count) + 1
    rad = (0.24 if s.size == "big" else 0.11) * min(w, h) / (1, 1.25, 1.6)[n - 1]
    slots = [(0.3 + 0.4 * (k / max(1, n - 1)) if n > 1 else 0.5) for k in range(n)]
    for k in range(n):
        cx = w * (slots[k] + r.uniform(-0.05, 0.05)) if n > 1 else w * r.uniform(0.35, 0.65)
        cy = h * r.uniform(0.4, 0.6)
        _object(img, s.shape, s.colour, s.texture, cx, cy, rad * r.uniform(0.9, 1.1))
    if s.second:
        rad2 = 0.1 * min(w, h)
        _object(img, s.second[1], s.second[0], "plain", w * r.choice([0.12, 0.88]), h * 0.2, rad2)
    if s.word:
        d = ImageDraw.Draw(img)
        font = _font(max(8, int(h * 0.2)))
        box = d.textbbox((0, 0), s.word.upper(), font=font)
        x, y = (w - (box[2] - box[0])) / 2, h * 0.98 - (box[3] - box[1]) - box[1]
        d.rectangle([x - 2, y + box[1] - 2, x + box[2] - box[0] + 2, y + box[3] + 2], fill=(250, 250, 250))
        d.text((x, y), s.word.upper(), fill=(10, 10, 10), font=font)
    if s.lighting == "dim":
        img = img.point(lambda v: int(v * 0.6))
    return img


def exif_for(s: Scene) -> Image.Exif:
    """Camera make/model and a DateTimeOriginal derived from the scene, as a phone or camera writes them."""
    r = random.Random(s.seed * 31 + s.index)
    make, model = r.choice(CAMERAS)
    exif = Image.Exif()
    exif[0x010F] = make
    exif[0x0110] = model
    stamp = f"{r.randint(2015, 2025)}:{r.randint(1, 12):02d}:{r.randint(1, 28):02d} {r.randint(6, 21):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}"
    exif[0x0132] = stamp
    exif[0x8769] = {0x9003: stamp, 0x9004: stamp}  # Exif IFD: DateTimeOriginal, CreateDate
    return exif
