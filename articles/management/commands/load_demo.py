"""A demo newsroom: four sections, four authors and a dozen stories written for this project.

The stories are original and fictional (invented people and clubs in real
places). Most are in Arabic, three in English; two of them are the same story
in both languages. One is scheduled for the future and one is a draft. Lead
images are drawn with Pillow, so nothing is downloaded.

Idempotent: a row that exists (matched by its slug) is left exactly as it is,
so running the command again changes nothing, and an editor's changes to a
demo story survive ``make run``.
"""

import io
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageOps

from articles.models import Article, Author, Section
from newsroom.text import arabic_slugify

SECTIONS = [
    # slug, Arabic, English, position, two colours for the lead images
    ("politics", "سياسة", "Politics", 1, ("#12355b", "#4f86c6")),
    ("economy", "اقتصاد", "Economy", 2, ("#1d4d2b", "#8cc084")),
    ("culture", "ثقافة", "Culture", 3, ("#5b1a3a", "#e0a96d")),
    ("sport", "رياضة", "Sport", 4, ("#7a2e0e", "#f2c14e")),
]

AUTHORS = [
    (
        "vartan-kechichian",
        "ڤارتان كيشيشيان",
        "Vartan Kechichian",
        "مراسل الشؤون البلدية في الشمال، يكتب عن المدن والناس الذين يديرونها.",
        "Covers local government in the north of the country.",
    ),
    (
        "layla-el-hajj",
        "ليلى الحاج",
        "Layla El Hajj",
        "محررة الاقتصاد، تتابع الزراعة والطاقة والأسواق.",
        "Economy editor: farming, energy and markets.",
    ),
    (
        "sami-abdelnour",
        "سامي عبد النور",
        "Sami Abdelnour",
        "يكتب عن المسرح والفنون التشكيلية والكتب.",
        "Writes about theatre, art and books.",
    ),
    (
        "nadine-saab",
        "نادين صعب",
        "Nadine Saab",
        "محررة الرياضة، من ملاعب كرة السلة إلى سباقات الجبال.",
        "Sport editor, from basketball courts to mountain races.",
    ),
]


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


# key, language, section, author slugs, tags, hours ago (negative: scheduled), status, fields
STORIES = [
    {
        "key": "tripoli-seafront",
        "language": "ar",
        "section": "politics",
        "authors": ["vartan-kechichian"],
        "tags": ["طرابلس", "البلديات"],
        "hours_ago": 3,
        "kicker": "طرابلس",
        "headline": "بلدية طرابلس تقرّ خطة لإعادة تأهيل الواجهة البحرية.. والتنفيذ على ثلاث مراحل",
        "slug": "بلدية-طرابلس-تقر-خطة-الواجهة-البحرية",
        "standfirst": "المجلس البلدي صوّت بالإجماع على خطة تمتد ثلاث سنوات، تبدأ بالأرصفة والإنارة.",
        "summary": "خطة بلدية من ثلاث مراحل لإعادة تأهيل الواجهة البحرية في طرابلس.",
        "caption": "الواجهة البحرية في طرابلس كما تتخيلها الخطة الجديدة (رسم توضيحي).",
        "body": paragraphs(
            "أقرّ المجلس البلدي في طرابلس مساء أمس خطة لإعادة تأهيل الواجهة البحرية الممتدة "
            "من الميناء إلى مدخل المدينة الجنوبي، بعد نقاش استمر أكثر من أربع ساعات في جلسة "
            "علنية حضرها عدد من أصحاب المحال والصيادين.",
            "وتقسم الخطة العمل إلى ثلاث مراحل: تبدأ الأولى بتوسيع الأرصفة وتجديد الإنارة العامة، "
            "وتشمل الثانية إنشاء ممر للدراجات الهوائية، فيما تُخصَّص الثالثة لإعادة ترتيب "
            "مرفأ الصيادين الصغير وتأمين مساحات لعرض السمك.",
            "وقال عضو المجلس جورج ڤاسيلي إن الدراسات الأولى أُنجزت منذ 15 كانون الأول/ديسمبر "
            "2022، لكن التمويل تأخر حتى توقيع اتفاق مع صندوق إنمائي في 3 تموز/يوليو 2024. "
            "وأضاف: «لن نغلق الكورنيش كله في وقت واحد، فالناس يحتاجون إليه كل مساء».",
            "في المقابل، طالب ممثلو الصيادين بضمانات مكتوبة بأن تبقى لهم أماكن لقواربهم بعد "
            "انتهاء الأشغال، ووعد رئيس البلدية بعقد لقاء خاص معهم قبل إطلاق المناقصة الأولى.",
        ),
    },
    {
        "key": "decentralisation-committee",
        "language": "ar",
        "section": "politics",
        "authors": ["vartan-kechichian"],
        "tags": ["مجلس النواب", "البلديات", "اللامركزية"],
        "hours_ago": 9,
        "kicker": "مجلس النواب",
        "headline": "لجنة نيابية تستأنف درس قانون اللامركزية الإدارية.. وخلاف على الصندوق المشترك",
        "slug": "لجنة-نيابية-تستأنف-درس-قانون-اللامركزية",
        "standfirst": "النواب اتفقوا على صلاحيات المجالس المنتخبة واختلفوا على توزيع الأموال.",
        "summary": "نقاش نيابي جديد حول اللامركزية الإدارية وتوزيع الموارد على الأقضية.",
        "caption": "قاعة اجتماعات اللجان في مجلس النواب (رسم توضيحي).",
        "body": paragraphs(
            "استأنفت لجنة الإدارة والعدل النيابية أمس درس مشروع قانون اللامركزية الإدارية، "
            "بعد توقف دام أشهراً، وأنهت مناقشة المواد المتعلقة بصلاحيات مجالس الأقضية المنتخبة.",
            "وبحسب ما نقله نواب شاركوا في الجلسة، فإن النقاش تعثر عند المادة التي تنشئ صندوقاً "
            "مشتركاً للامركزية، إذ يطالب بعضهم بتوزيع الأموال وفق عدد السكان، فيما يفضل آخرون "
            "معياراً يأخذ في الحسبان حاجات المناطق الأكثر فقراً.",
            "وكانت اللجنة قد عقدت آخر جلسة لها حول المشروع في 15 كانون الأول/ديسمبر 2022، "
            "قبل أن يُرحَّل البند إلى لجنة فرعية برئاسة النائبة ڤيوليت نصر.",
            "ومن المقرر أن تعود اللجنة إلى الاجتماع الأسبوع المقبل، على أن ترفع تقريرها إلى "
            "الهيئة العامة قبل نهاية الدورة العادية.",
        ),
    },
    {
        "key": "bekaa-solar",
        "language": "ar",
        "section": "economy",
        "authors": ["layla-el-hajj"],
        "tags": ["البقاع", "الطاقة الشمسية", "الزراعة"],
        "hours_ago": 5,
        "kicker": "زراعة",
        "headline": "مزارعو البقاع يتجهون إلى الطاقة الشمسية لريّ حقولهم",
        "slug": "مزارعو-البقاع-يتجهون-إلى-الطاقة-الشمسية",
        "standfirst": "ألواح على أطراف الحقول تحل محل مولدات المازوت، والكلفة تُسترد في موسمين.",
        "summary": "في سهل البقاع، تحل الألواح الشمسية مكان مولدات المازوت في ري المزروعات.",
        "caption": "ألواح شمسية إلى جانب حقل بطاطا في سهل البقاع (رسم توضيحي).",
        "translation_of": None,
        "body": paragraphs(
            "على طريق بعلبك، تلمع صفوف من الألواح الشمسية بين حقول البطاطا والقمح. قبل "
            "سنوات قليلة كانت هذه الحقول تُروى بمضخات تعمل على المازوت، أما اليوم فيقول "
            "المزارع خليل ڤرنسيس إن مولده «لم يشتغل منذ الربيع الماضي».",
            "ويشرح خليل أنه ركّب أربعين لوحاً في 15 كانون الأول/ديسمبر 2022 بقرض صغير من "
            "تعاونية البلدة، وأن ما وفّره من ثمن المحروقات غطّى الكلفة في موسمين.",
            "وتقدّر التعاونية أن ثلث أعضائها انتقلوا إلى الري بالطاقة الشمسية، لكن المهندسة "
            "الزراعية منى شاهين تحذّر من أن سهولة الضخ قد تدفع إلى استنزاف المياه الجوفية، "
            "وتدعو إلى عدادات على الآبار وجدول للري.",
            "وتعمل البلدية مع التعاونية على خطة لتوزيع أيام الري بين الحقول، على أن تُعرض "
            "على المزارعين في اجتماع عام قبل بداية الصيف.",
        ),
    },
    {
        "key": "bekaa-solar-en",
        "language": "en",
        "section": "economy",
        "authors": ["layla-el-hajj"],
        "tags": ["Bekaa", "Solar energy", "Farming"],
        "hours_ago": 4,
        "kicker": "Farming",
        "headline": "Bekaa farmers turn to solar power to irrigate their fields",
        "slug": "bekaa-farmers-turn-to-solar-power",
        "standfirst": "Panels at the edge of the fields are replacing diesel pumps, and pay for "
        "themselves in two seasons.",
        "summary": "In the Bekaa valley, solar panels are replacing diesel irrigation pumps.",
        "caption": "Solar panels beside a potato field in the Bekaa valley (illustration).",
        "translation_of": "bekaa-solar",
        "body": paragraphs(
            "On the road to Baalbek, rows of solar panels glint between the potato and wheat "
            "fields. A few years ago these fields were watered by diesel pumps; today the farmer "
            "Khalil Vernsis says his generator “has not run since last spring”.",
            "Khalil installed forty panels in December 2022 with a small loan from his village "
            "co-operative, and says the fuel he no longer buys paid for them in two seasons.",
            "The co-operative estimates that a third of its members now irrigate with solar "
            "power. The agronomist Mona Chahine warns that cheap pumping can drain the "
            "groundwater, and wants meters on the wells and a watering rota.",
            "The municipality and the co-operative are drafting a schedule sharing out watering "
            "days, to be put to the farmers at a public meeting before the summer.",
        ),
    },
    {
        "key": "olive-oil-prices",
        "language": "ar",
        "section": "economy",
        "authors": ["layla-el-hajj"],
        "tags": ["زيت الزيتون", "الزراعة", "الجنوب"],
        "hours_ago": 26,
        "kicker": "أسعار",
        "headline": "زيت الزيتون يرتفع سعره مع تراجع المحصول في الجنوب",
        "slug": "زيت-الزيتون-يرتفع-سعره-مع-تراجع-المحصول",
        "standfirst": "موسم قطاف قصير وحرارة مرتفعة في الخريف قلّصا الإنتاج إلى النصف تقريباً.",
        "summary": "تراجع محصول الزيتون في الجنوب يرفع أسعار الزيت في الأسواق.",
        "caption": "معصرة زيتون تقليدية في قضاء حاصبيا (رسم توضيحي).",
        "body": paragraphs(
            "ارتفع سعر تنكة زيت الزيتون في أسواق الجنوب بنحو الثلث منذ بداية موسم القطاف، "
            "بحسب أصحاب معاصر في حاصبيا ومرجعيون، بعدما تراجع المحصول إلى نحو نصف ما كان "
            "عليه في العام الماضي.",
            "ويعزو المزارعون التراجع إلى موجة حر ضربت المنطقة في تشرين الأول/أكتوبر، وإلى "
            "قلة الأمطار منذ 15 كانون الأول/ديسمبر 2022، وهو تاريخ يحفظه صاحب المعصرة "
            "نبيل ڤاضل جيداً «لأنه آخر يوم ماطر حقيقي قبل شتاء جاف».",
            "ويقول نبيل إن الطلب لم يتراجع رغم الأسعار، لأن العائلات تشتري مؤونة السنة دفعة "
            "واحدة، لكنه يلاحظ أن كثيرين صاروا يشترون نصف تنكة بدلاً من تنكة كاملة.",
        ),
    },
    {
        "key": "vera-khoury-exhibition",
        "language": "ar",
        "section": "culture",
        "authors": ["sami-abdelnour"],
        "tags": ["بيروت", "الفن التشكيلي", "معارض"],
        "hours_ago": 7,
        "kicker": "معرض",
        "headline": "ڤيرا خوري تستعيد بيروت القديمة في معرض للصور المرسومة باليد",
        "slug": "ڤيرا-خوري-تستعيد-بيروت-القديمة",
        "standfirst": "أربعون لوحة مائية لأحياء الجميزة ومار مخايل، رُسمت من صور عائلية قديمة.",
        "summary": "معرض للفنانة ڤيرا خوري يعيد رسم أحياء بيروت من صور العائلات.",
        "caption": "من لوحات المعرض: درج في الجميزة (رسم توضيحي).",
        "body": paragraphs(
            "تفتتح الفنانة ڤيرا خوري مساء الخميس معرضها الجديد «شبابيك» في صالة صغيرة في "
            "مار مخايل، وتعرض فيه أربعين لوحة مائية لأحياء بيروتية رسمتها انطلاقاً من صور "
            "قدمتها لها عائلات من المدينة.",
            "وتقول خوري إنها بدأت المشروع في 15 كانون الأول/ديسمبر 2022، حين أحضرت لها "
            "جارتها علبة صور بالأبيض والأسود لشارع غورو في الستينيات، «فصار كل من يعرف "
            "بالمشروع يطرق بابي ومعه صورة».",
            "<strong>ولا تنقل اللوحات الصور كما هي</strong>: تختار الفنانة تفصيلاً واحداً، "
            "شباكاً أو درجاً أو بائع كعك، وتترك الباقي أبيض، كأن الذاكرة لا تحفظ إلا ما يهمها.",
            "ويستمر المعرض حتى نهاية الشهر، ويرافقه لقاء مع العائلات التي قدمت صورها يوم "
            "السبت المقبل.",
        ),
    },
    {
        "key": "basketball-final",
        "language": "ar",
        "section": "sport",
        "authors": ["nadine-saab"],
        "tags": ["كرة السلة", "بيروت"],
        "hours_ago": 2,
        "kicker": "كرة السلة",
        "headline": "نادي الساحل يتوّج بطلاً لكأس كرة السلة بعد نهائي مثير",
        "slug": "نادي-الساحل-يتوج-بطلا-لكأس-كرة-السلة",
        "standfirst": "سلة في الثانية الأخيرة حسمت النهائي 78-77 أمام جمهور ملأ القاعة.",
        "summary": "نادي الساحل يفوز بكأس كرة السلة بفارق نقطة واحدة.",
        "caption": "لاعبو نادي الساحل يحتفلون بالكأس (رسم توضيحي).",
        "body": paragraphs(
            "أحرز نادي الساحل كأس كرة السلة مساء أمس بعد فوزه على نادي الجبل 78-77 في نهائي "
            "بقي معلقاً حتى الثانية الأخيرة، حين سجل صانع الألعاب ڤيكتور حداد سلة من مسافة "
            "قريبة أشعلت المدرجات.",
            "وكان الجبل متقدماً بفارق تسع نقاط في منتصف الربع الأخير، قبل أن يعود الساحل "
            "بدفاع ضاغط وثلاث رميات ثلاثية متتالية.",
            "وهذا اللقب الأول للنادي منذ 15 كانون الأول/ديسمبر 2022، حين خسر نهائي الموسم "
            "نفسه أمام المنافس ذاته. وقال المدرب إلياس مراد بعد المباراة: «لعبنا هذا النهائي "
            "في رؤوسنا منذ سنتين».",
        ),
    },
    {
        "key": "zahle-runner",
        "language": "ar",
        "section": "sport",
        "authors": ["nadine-saab"],
        "tags": ["ألعاب القوى", "زحلة"],
        "hours_ago": 30,
        "kicker": "ألعاب القوى",
        "headline": "عدّاءة من زحلة تحطم الرقم الوطني في سباق 1500 متر",
        "slug": "عداءة-من-زحلة-تحطم-الرقم-الوطني",
        "standfirst": "ريتا ڤرّوخ، ابنة التسعة عشر عاماً، حسّنت الرقم بثلاث ثوانٍ في لقاء جامعي.",
        "summary": "رقم وطني جديد في سباق 1500 متر للسيدات.",
        "caption": "مضمار ألعاب القوى في المدينة الرياضية (رسم توضيحي).",
        "body": paragraphs(
            "حطمت العدّاءة ريتا ڤرّوخ من زحلة الرقم الوطني في سباق 1500 متر للسيدات، مسجلة "
            "4:21.35 دقائق في لقاء جامعي أقيم في المدينة الرياضية، أي أسرع بثلاث ثوانٍ من "
            "الرقم السابق.",
            "وتتدرب ريتا، ابنة التسعة عشر عاماً، على طرقات كسارة الزراعية عند الفجر، لأن "
            "المضمار الوحيد القريب مغلق للصيانة منذ 15 كانون الأول/ديسمبر 2022.",
            "وقال مدربها سمير الحلبي إن الهدف التالي هو الحد الأدنى للتأهل إلى البطولة "
            "الآسيوية، مضيفاً أن ريتا «لم تصل بعد إلى أفضل ما لديها».",
        ),
    },
    {
        "key": "beirut-bookshop",
        "language": "en",
        "section": "culture",
        "authors": ["sami-abdelnour"],
        "tags": ["Beirut", "Books"],
        "hours_ago": 20,
        "kicker": "Books",
        "headline": "A Beirut bookshop turns sixty, and its readers throw the party",
        "slug": "a-beirut-bookshop-turns-sixty",
        "standfirst": "Regulars of a small Hamra bookshop organised a week of readings to mark "
        "its anniversary.",
        "summary": "Sixty years of a Hamra bookshop, celebrated by the people who read there.",
        "caption": "The bookshop's window on a side street in Hamra (illustration).",
        "body": paragraphs(
            "The bookshop has two rooms, one ladder and, by the owner's count, about eleven "
            "thousand books. This week it also has a programme of readings organised not by "
            "its staff but by its customers, to mark sixty years since it opened.",
            "“They told me on 15 December 2022 that they were planning something,” said the "
            "owner, Mireille Haddad, whose father opened the shop. “I thought they meant cake.”",
            "Each evening a different regular reads a book that the shop sold them decades ago. "
            "On the first night a retired teacher read from the Arabic grammar he bought there "
            "as a student, with his pencil notes still in the margins.",
        ),
    },
    {
        "key": "chouf-marathon",
        "language": "en",
        "section": "sport",
        "authors": ["nadine-saab"],
        "tags": ["Marathon", "Chouf"],
        "hours_ago": 50,
        "kicker": "Running",
        "headline": "Mountain marathon draws a record field to the Chouf",
        "slug": "mountain-marathon-draws-a-record-field",
        "standfirst": "More than two thousand runners climbed through cedar forest on a course "
        "that gains 1,400 metres.",
        "summary": "A record number of runners took on the Chouf mountain marathon.",
        "caption": "Runners on the upper stretch of the course (illustration).",
        "body": paragraphs(
            "More than two thousand runners started the Chouf mountain marathon on Sunday, "
            "the largest field in the race's history, on a course that climbs 1,400 metres "
            "through villages and the edge of the cedar reserve.",
            "The men's race was won by Vahe Boyadjian in 3 hours 12 minutes; the women's by "
            "Joumana Rizk, who had only taken up running after the first edition of the race "
            "in December 2022.",
            "Organisers said they would cap entries next year to protect the forest paths, "
            "and ask runners to carry their own cups to the water stations.",
        ),
    },
    {
        "key": "amman-environment-ministers",
        "language": "ar",
        "section": "politics",
        "authors": ["vartan-kechichian"],
        "tags": ["الأردن", "البيئة"],
        "hours_ago": -72,  # scheduled: readers see it three days after the demo is loaded
        "kicker": "عمّان",
        "headline": "وزراء البيئة العرب يجتمعون في عمّان لبحث ندرة المياه",
        "slug": "وزراء-البيئة-العرب-يجتمعون-في-عمان",
        "standfirst": "اجتماع يبحث خطة إقليمية لحصاد مياه الأمطار وإعادة استخدام المياه المعالجة.",
        "summary": "اجتماع وزاري عربي في عمّان حول ندرة المياه.",
        "caption": "سدّ للمياه في وادي الأردن (رسم توضيحي).",
        "body": paragraphs(
            "يلتقي وزراء البيئة العرب في عمّان في اجتماع يستمر يومين، يبحث فيه المشاركون "
            "خطة إقليمية لمواجهة ندرة المياه تشمل حصاد مياه الأمطار وإعادة استخدام المياه "
            "المعالجة في الزراعة.",
            "وكان الاجتماع قد أُرجئ مرتين، آخرهما في 15 كانون الأول/ديسمبر 2022، بسبب "
            "خلافات على تمويل الصندوق المقترح.",
            "وقالت مصادر في الأمانة العامة إن مسودة البيان الختامي تتضمن التزاماً بتبادل "
            "بيانات الأمطار والآبار بين الدول المشاركة.",
        ),
    },
    {
        "key": "saida-library",
        "language": "ar",
        "section": "culture",
        "authors": ["sami-abdelnour"],
        "tags": ["صيدا", "مكتبات"],
        "status": "draft",
        "kicker": "مكتبات",
        "headline": "مكتبة عامة جديدة في صيدا تفتح أبوابها للقرّاء الصغار",
        "slug": "مكتبة-عامة-جديدة-في-صيدا",
        "standfirst": "ركن للأطفال وساعات قراءة بعد المدرسة في مبنى قديم رُمّم في المدينة القديمة.",
        "summary": "مكتبة عامة للأطفال في المدينة القديمة في صيدا.",
        "caption": "مدخل المكتبة في المدينة القديمة (رسم توضيحي).",
        "body": paragraphs(
            "في زقاق ضيق قرب خان الإفرنج، فتح مبنى حجري قديم أبوابه مكتبةً عامة مخصصة "
            "للأطفال، بعد ترميم استمر منذ 15 كانون الأول/ديسمبر 2022.",
            "وتضم المكتبة نحو ثلاثة آلاف كتاب، معظمها بالعربية، وركناً للقراءة بصوت عالٍ "
            "تشرف عليه متطوعات من الحي كل يوم بعد الظهر.",
            "[ملاحظة للمحرر: بانتظار صور الافتتاح وتصريح من البلدية.]",
        ),
    },
]


def lead_image(key: str, colours: tuple[str, str], index: int) -> ContentFile:
    """A 1200×675 JPEG: a diagonal gradient in the section's colours with a few shapes."""
    width, height = 1200, 675
    gradient = Image.linear_gradient("L").rotate(45, expand=True).resize((width, height))
    image = ImageOps.colorize(gradient, colours[0], colours[1]).convert("RGB")
    draw = ImageDraw.Draw(image, "RGBA")
    for n in range(4):
        radius = 60 + 35 * ((index + n) % 4)
        x = (180 + 270 * n + 53 * index) % width
        y = (140 + 150 * ((index + n) % 3)) % height
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(255, 255, 255, 46))
    draw.rectangle((0, height - 90, width, height), fill=(0, 0, 0, 70))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return ContentFile(buffer.getvalue(), name=f"demo-{key}.jpg")


#: Reader comments on the demo stories: (story key, name, email, body, status, reply to #).
COMMENTS = [
    (
        "basketball-final",
        "سامر عيد",
        "samer@example.org",
        "مباراة تاريخية، والجمهور في زحلة كان نجم الليلة بلا منازع.",
        "approved",
        None,
    ),
    (
        "basketball-final",
        "ريما حداد",
        "rima@example.org",
        "أتمنى أن تنقل المباريات القادمة على قناة مفتوحة لكل الناس.",
        "approved",
        None,
    ),
    (
        "basketball-final",
        "جاد منصور",
        "jad@example.org",
        "معك حق، الاشتراك صار مكلفاً على عائلات كثيرة.",
        "approved",
        1,
    ),
    (
        "tripoli-seafront",
        "هالة درويش",
        "hala@example.org",
        "الواجهة البحرية تستحق الاهتمام منذ سنوات، لكن متى يبدأ التنفيذ فعلاً؟",
        "pending",
        None,
    ),
    (
        "bekaa-solar",
        "Omar K.",
        "omar@example.org",
        "Great to see farmers taking this step; the grid in the Bekaa fails every summer.",
        "pending",
        None,
    ),
]


class Command(BaseCommand):
    help = "Load the demo newsroom (sections, authors, a dozen stories). Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        sections = {}
        for slug, name_ar, name_en, position, _colours in SECTIONS:
            sections[slug], _ = Section.objects.get_or_create(
                slug=slug,
                defaults={"name_ar": name_ar, "name_en": name_en, "position": position},
            )
        colours = {slug: c for slug, *_, c in SECTIONS}

        authors = {}
        for slug, name_ar, name_en, bio_ar, bio_en in AUTHORS:
            authors[slug], _ = Author.objects.get_or_create(
                slug=slug,
                defaults={
                    "name_ar": name_ar,
                    "name_en": name_en,
                    "bio_ar": bio_ar,
                    "bio_en": bio_en,
                },
            )

        created, now = 0, timezone.now()
        stories: dict[str, Article] = {}
        for index, story in enumerate(STORIES):
            existing = Article.objects.filter(
                language=story["language"], slug=arabic_slugify(story["slug"])
            ).first()
            if existing is not None:
                stories[story["key"]] = existing
                continue
            status = story.get("status", Article.Status.PUBLISHED)
            article = Article(
                language=story["language"],
                headline=story["headline"],
                slug=story["slug"],
                kicker=story["kicker"],
                standfirst=story["standfirst"],
                summary=story["summary"],
                body=story["body"],
                section=sections[story["section"]],
                status=status,
                published_at=(
                    now - timedelta(hours=story["hours_ago"]) if "hours_ago" in story else None
                ),
                lead_image_caption=story["caption"],
                lead_image_credit="غرفة الأخبار" if story["language"] == "ar" else "Newsroom",
                lead_image_alt=story["caption"],
            )
            partner = stories.get(story.get("translation_of") or "")
            if partner is not None and partner.translation_id is None:
                article.translation = partner
            article.lead_image.save(
                f"demo-{index + 1:02d}.jpg",
                lead_image(story["key"], colours[story["section"]], index),
                save=False,
            )
            article.save()
            article.authors.set([authors[slug] for slug in story["authors"]])
            article.tags.add(*story["tags"])
            stories[story["key"]] = article
            created += 1

        comments = self.load_comments(stories)
        self.stdout.write(
            self.style.SUCCESS(f"Demo comments: {comments} created (some awaiting moderation).")
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo newsroom ready: {created} stories created, "
                f"{len(STORIES) - created} already there."
            )
        )

    def load_comments(self, stories: dict[str, Article]) -> int:
        """Comments for the moderators to find in the queue; only where a story has none."""
        from comments.models import Comment

        created, made = 0, []
        keys_with_comments = {
            key for key, story in stories.items() if Comment.objects.filter(article=story).exists()
        }
        for key, name, email, body, status, reply_to in COMMENTS:
            story = stories.get(key)
            if story is None or key in keys_with_comments:
                made.append(None)
                continue
            parent = made[reply_to] if reply_to is not None else None
            comment = Comment.objects.create(
                article=story,
                parent=parent,
                name=name,
                email=email,
                body=body,
                status=status,
                ip_address="192.0.2.10",
            )
            made.append(comment)
            created += 1
        return created
