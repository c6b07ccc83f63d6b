"""What the benchmark seed writes with: word pools, random sentences, a COPY writer, progress."""

from __future__ import annotations

import csv
import io
import random
import time
from datetime import datetime

from django.db import connection


def words(text: str) -> list[str]:
    return text.split()


SECTIONS = [
    ("bench-politics", "سياسة", "Politics", 25),
    ("bench-lebanon", "لبنان", "Lebanon", 20),
    ("bench-syria", "سوريا", "Syria", 15),
    ("bench-economy", "اقتصاد", "Economy", 12),
    ("bench-world", "العالم", "World", 10),
    ("bench-culture", "ثقافة", "Culture", 8),
    ("bench-sport", "رياضة", "Sport", 6),
    ("bench-opinion", "رأي", "Opinion", 4),
]

AR_WORDS = words(
    "الحكومة البرلمان الوزير بيروت دمشق عمان بغداد القدس الانتخابات الاقتصاد الليرة المصرف "
    "المركزي الكهرباء المياه الجامعة الطلاب المستشفى الأطباء الحدود اللاجئين المفاوضات "
    "الاتفاق الرئيس المجلس النواب الموازنة الضرائب الأسعار السوق الشركات النفط الغاز "
    "المرفأ المطار الطريق الجيش الأمن المحكمة القاضي الصحافة الإعلام الثقافة المسرح "
    "السينما الكتاب المعرض الفريق المباراة البطولة الملعب الأسد ڤيينا موسكو باريس واشنطن "
    "اجتماع تصريح مصادر مطلعة أكدت أعلنت قالت أشار أضاف مساء صباح أمس اليوم غدا خلال بعد "
    "قبل حول بين على في من إلى عن مع أن هذا هذه التي الذي كانون الأول آذار نيسان تشرين"
)
EN_WORDS = words(
    "government parliament minister Beirut Damascus Amman Baghdad elections economy pound "
    "central bank electricity water university students hospital doctors border refugees "
    "negotiations agreement president council budget taxes prices market companies oil gas "
    "port airport road army security court judge press media culture theatre cinema book "
    "exhibition team match championship stadium said announced sources confirmed added "
    "yesterday today tomorrow during after before about between on in from to with that this"
)
AR_TAGS = words(
    "لبنان سوريا الأردن العراق فلسطين مصر الخليج إيران تركيا روسيا أوروبا أميركا الانتخابات "
    "النفط الليرة المصارف الكهرباء اللاجئون الجامعة الصحة التعليم الزلزال الحرب السلام "
    "المفاوضات البرلمان الحكومة الرئاسة القضاء الإعلام الثقافة الرياضة كرة-القدم السينما "
    "المسرح الكتب التكنولوجيا المناخ المياه الزراعة السياحة المرفأ المطار"
)
EN_TAGS = words(
    "Lebanon Syria Jordan Iraq Palestine Egypt Gulf Iran Turkey Russia Europe America elections "
    "oil banks electricity refugees health education climate water tourism football cinema"
)
AR_NAMES = words("سمير ليلى رامي نور هالة كريم زينب جورج مريم عمر رنا خالد سلمى طارق ديما فادي")
AR_SURNAMES = words("حداد الخوري نصر الله عيسى منصور شمس فرح سليمان داود قاسم")
EN_NAMES = words("Sam Layla Rami Nour Hala Karim George Maryam Omar Rana Khaled Salma")


def sentence(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def paragraph(rng: random.Random, pool: list[str]) -> str:
    count = rng.randint(3, 5)
    return " ".join(sentence(rng, pool, rng.randint(8, 18)) + "." for _ in range(count))


class CopyWriter:
    """Rows of one model's table, streamed to PostgreSQL with COPY in CSV (or bulk_create)."""

    CHUNK = 20_000

    def __init__(self, model, columns: list[str]):
        self.model = model
        self.columns = columns
        self.fields = [model._meta.get_field(c) for c in columns]
        self.column_names = [f.column for f in self.fields]
        self.rows: list[list] = []
        self.count = 0
        self.postgres = connection.vendor == "postgresql"
        # Columns this command does not fill take their field defaults.
        self.defaults = {
            f.column: f.get_default()
            for f in model._meta.concrete_fields
            if f.column not in self.column_names and not f.primary_key
        }

    def add(self, row: list) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        if self.postgres:
            self._copy()
        else:
            objs = []
            for row in self.rows:
                kwargs = {f.attname: v for f, v in zip(self.fields, row, strict=True)}
                objs.append(self.model(**kwargs))
            self.model.objects.bulk_create(objs, batch_size=500)
        self.count += len(self.rows)
        self.rows = []

    def _copy(self) -> None:
        buf = io.StringIO()
        writer = csv.writer(buf)
        extra = list(self.defaults.values())
        for row in self.rows:
            writer.writerow([_csv_value(v) for v in [*row, *extra]])
        buf.seek(0)
        cols = ", ".join(f'"{c}"' for c in [*self.column_names, *self.defaults])
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(
                f"COPY \"{table}\" ({cols}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buf
            )


def _csv_value(value):
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return value


class Progress:
    def __init__(self, label: str, total: int, stream):
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, done: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.5 and done < self.total:
            return
        self.last = now
        width = 30
        filled = int(width * done / self.total)
        rate = done / max(now - self.start, 1e-6)
        self.stream.write(
            f"\r{self.label:<10} [{'#' * filled}{'.' * (width - filled)}] "
            f"{done:>9,}/{self.total:,} {rate:>9,.0f}/s"
        )
        self.stream.flush()

    def finish(self) -> None:
        self.update(self.total)
        self.stream.write(f"  {time.monotonic() - self.start:.1f}s\n")
