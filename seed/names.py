"""Realistic Chinese names for the seed organisation: people, units, objects, risks and texts.

Everything here is drawn from a caller's ``random.Random`` (or is a fixed catalogue), so a
seed always yields the same names. People's names may repeat, as they do in a real
workforce; uniqueness is the job of uids, never of names. The organisation is modelled
on the article's company: the natural-gas branch of the Daqing oilfield (大庆油田天然气分公司),
whose gas fields and partner cities (哈大齐绥) give the place names.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from graph.enums import EquipmentCategory, OfficerRole, ProblemCategory, StandardDomain
from seed.dataset import Weights

# --- people ----------------------------------------------------------------------------

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
)
_SURNAME_WEIGHTS = tuple(max(1.0, 60.0 / (rank + 1) ** 0.8) for rank in range(len(_SURNAMES)))
_SURNAME_DRAW = Weights(tuple(_SURNAMES), tuple(accumulate(_SURNAME_WEIGHTS)))
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "慕容")

_MALE_CHARS = (
    "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清"
    "飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善"
    "厚庆磊民友裕河哲江超浩亮政谦奇固之翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树"
    "德行时泰盛雄琛钧冠策腾楠风航弘宇鑫洪金铁宝喜立春"
)
_FEMALE_CHARS = (
    "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱霞香月媛艳"
    "瑞凡佳嘉琼勤珍贞莉桂叶璐琦晶妍茜秋珊莎锦青倩婷婉娴瑾颖露瑶怡雁蓓仪荷丹蓉君琴蕊薇菁梦岚"
    "馨韵艺卿澜纯悦昭冰爽茗羽希欣晓欢枫芸菲丽阳妮宁敏"
)
_MALE_SHARE = 0.74  # oilfield operations staff are mostly men


def person_name(rng: random.Random) -> str:
    """A Chinese personal name: surname plus one or two given-name characters.

    Example:
        >>> person_name(random.Random(1))  # doctest: +SKIP
        '王建军'
    """
    compound = rng.random() < 0.004
    surname = rng.choice(_COMPOUND_SURNAMES) if compound else _SURNAME_DRAW.draw(rng)
    chars = _MALE_CHARS if rng.random() < _MALE_SHARE else _FEMALE_CHARS
    given_length = 2 if rng.random() < 0.72 else 1
    return surname + "".join(rng.choice(chars) for _ in range(given_length))


# --- units -------------------------------------------------------------------------------

COMPANY_NAME = "大庆油田天然气分公司"
COMPANY_REGION = "黑龙江省大庆市"

_CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (up to 99)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    prefix = "" if tens == 1 else _CN_DIGITS[tens]
    return f"{prefix}十{_CN_DIGITS[ones] if ones else ''}"


@dataclass(frozen=True, slots=True)
class Brigade:
    """A level-3 unit (大队/厂): ``production`` units are cut into cells by scene."""

    name: str
    production: bool
    fields: tuple[str, ...]


BRIGADES: tuple[Brigade, ...] = (
    *(
        Brigade(f"采气{chinese_number(i)}大队", True, fields)
        for i, fields in enumerate(
            (
                ("徐深", "芳深"),
                ("升深", "宋深"),
                ("汪深", "昌德"),
                ("肇深", "达深"),
                ("卫深", "朝深"),
                ("古深", "葡深"),
                ("杏深", "萨深"),
                ("喇深", "龙深"),
            ),
            start=1,
        )
    ),
    Brigade("储气库管理大队", True, ("升平储气库", "喇嘛甸储气库")),
    Brigade("第一天然气处理厂", True, ("南一处理站", "南二处理站")),
    Brigade("第二天然气处理厂", True, ("北一处理站", "北二处理站")),
    Brigade("轻烃分馏厂", True, ("分馏一车间", "分馏二车间")),
    Brigade("输气管理大队", True, ("庆哈线", "庆齐线")),
    Brigade("集输管理大队", True, ("太深", "源深")),
    Brigade("天然气净化厂", True, ("净化一区", "净化二区")),
    Brigade("维修大队", False, ()),
    Brigade("应急抢险大队", False, ()),
    Brigade("电力仪表大队", False, ()),
    Brigade("技术监测大队", False, ()),
    Brigade("物资供应站", False, ()),
    Brigade("生产保障大队", False, ()),
    Brigade("后勤服务中心", False, ()),
    Brigade("信息通信中心", False, ()),
)
"""The 23 level-3 units of the article's company (scale 1)."""

REGIONS = (
    "萨尔图区",
    "让胡路区",
    "龙凤区",
    "红岗区",
    "大同区",
    "肇州县",
    "肇源县",
    "林甸县",
    "杜尔伯特蒙古族自治县",
    "安达市",
)


def brigade_name(brigade: Brigade, copy: int) -> str:
    """The brigade's name; copies beyond the first (scale > 1) get a district suffix."""
    return brigade.name if copy == 0 else f"{brigade.name}（{chinese_number(copy + 1)}区）"


_FACILITIES = ("集气站", "脱水站", "增压站", "配气站", "计量站", "阀室", "集气站", "集气站")
_PLANT_AREAS = ("装置区", "压缩机厂房", "脱水装置区", "储罐区", "外输泵房", "计量间")

DUTY_FUNCTIONS = (
    "设备维护",
    "电气仪表",
    "安全监督",
    "生产调度",
    "质量计量",
    "物资保障",
    "综合办公",
    "车辆运输",
    "后勤服务",
    "应急抢险",
    "技术管理",
    "化验分析",
    "信息运维",
    "管道巡护",
    "消防保卫",
    "党群工作",
    "计量检定",
    "焊接修复",
)


class PlaceNamer:
    """Unique station and plant-area names (徐深9-2集气站, 南一处理站装置区) for scene cells."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: dict[str, None] = {}

    def scene_place(self, fields: Sequence[str]) -> str:
        """A station of one of the fields (or an area of a plant), never handed out twice.

        The range of station numbers widens with every collision, so large scales still
        find free names quickly.
        """
        for attempt in range(10_000):
            place = self._candidate(self._rng.choice(fields), attempt)
            if place not in self._used:
                self._used[place] = None
                return place
        raise RuntimeError("ran out of distinct place names")

    def _candidate(self, field: str, attempt: int) -> str:
        rng = self._rng
        if field.endswith("线"):
            return f"{field}{rng.randint(1, 40 + attempt)}号阀室"
        if field.endswith(("站", "车间", "区", "储气库")):
            number = rng.randint(1, 3 + attempt // 4)
            return f"{field}{chinese_number(number)}号{rng.choice(_PLANT_AREAS)}"
        well = f"{rng.randint(1, 30 + attempt)}"
        if rng.random() < 0.5:
            well += f"-{rng.randint(1, 9)}"
        return f"{field}{well}{rng.choice(_FACILITIES)}"


def cell_name(place: str) -> str:
    """A vanguard cell is named after its station, plant area or function: …先锋格."""
    return f"{place}先锋格"


def branch_name(brigade: str, number: int, place: str | None) -> str:
    """A level-4 net is a party branch: 采气一大队第三党支部 or 采气一大队徐深9集气站党支部."""
    if place:
        return f"{brigade}{place}党支部"
    return f"{brigade}第{chinese_number(number)}党支部"


def microcell_name(lead_name: str) -> str:
    """A micro-cell is named after the party member who leads it."""
    return f"{lead_name}微格"


# --- posts ---------------------------------------------------------------------------------

PRODUCTION_POSTS = (
    "采气工",
    "集输工",
    "仪表工",
    "电工",
    "化验工",
    "压缩机工",
    "净化操作工",
    "巡线工",
    "输气工",
    "司炉工",
)
SERVICE_POSTS = (
    "维修工",
    "焊工",
    "钳工",
    "司机",
    "安全员",
    "技术员",
    "资料员",
    "材料员",
    "调度员",
    "消防员",
    "炊事员",
    "管理员",
)
LEAD_POSTS = ("站长", "副站长", "班长", "副班长", "技术员", "安全员", "工程师")


# --- objects -------------------------------------------------------------------------------

EQUIPMENT_TYPES: dict[EquipmentCategory, tuple[str, str, tuple[str, ...]]] = {
    EquipmentCategory.WELLHEAD: ("WH", "井口", ("采气树", "井口装置", "井口安全阀")),
    EquipmentCategory.SEPARATOR: ("SEP", "分离", ("卧式分离器", "立式分离器", "过滤分离器")),
    EquipmentCategory.COMPRESSOR: ("CMP", "压缩", ("往复式压缩机", "螺杆压缩机", "增压机组")),
    EquipmentCategory.PIPELINE: ("PL", "管线", ("集气管线", "采气管线", "外输管线", "放空管线")),
    EquipmentCategory.VALVE: ("VLV", "阀门", ("截断阀", "调压阀", "安全阀", "紧急切断阀")),
    EquipmentCategory.METER: ("MTR", "计量", ("孔板流量计", "超声波流量计", "计量撬")),
    EquipmentCategory.HEATER: ("HTR", "加热", ("水套加热炉", "真空加热炉", "导热油炉")),
    EquipmentCategory.ELECTRICAL: ("ELE", "电气", ("配电柜", "变压器", "UPS电源", "防爆电机")),
    EquipmentCategory.INSTRUMENT: (
        "INS",
        "仪表",
        ("压力变送器", "温度变送器", "可燃气体报警器", "硫化氢检测仪", "液位计"),
    ),
    EquipmentCategory.FIRE_EQUIPMENT: (
        "FIR",
        "消防",
        ("干粉灭火器", "消防栓", "泡沫灭火装置", "火灾报警控制器"),
    ),
}
"""Category → (tag code, short word, device names)."""

SCENE_EQUIPMENT_WEIGHTS: dict[EquipmentCategory, int] = {
    EquipmentCategory.WELLHEAD: 14,
    EquipmentCategory.SEPARATOR: 8,
    EquipmentCategory.COMPRESSOR: 4,
    EquipmentCategory.PIPELINE: 12,
    EquipmentCategory.VALVE: 22,
    EquipmentCategory.METER: 8,
    EquipmentCategory.HEATER: 6,
    EquipmentCategory.ELECTRICAL: 8,
    EquipmentCategory.INSTRUMENT: 12,
    EquipmentCategory.FIRE_EQUIPMENT: 6,
}
DUTY_EQUIPMENT_WEIGHTS: dict[EquipmentCategory, int] = {
    EquipmentCategory.VALVE: 6,
    EquipmentCategory.METER: 6,
    EquipmentCategory.ELECTRICAL: 20,
    EquipmentCategory.INSTRUMENT: 20,
    EquipmentCategory.FIRE_EQUIPMENT: 14,
    EquipmentCategory.COMPRESSOR: 2,
}


def equipment_name(rng: random.Random, place: str, category: EquipmentCategory, n: int) -> str:
    """A device name as it appears on a ledger: 徐深9集气站卧式分离器3#."""
    return f"{place}{rng.choice(EQUIPMENT_TYPES[category][2])}{n}#"


def equipment_tag(category: EquipmentCategory, cell_no: int, n: int) -> str:
    """A tag number: category code, cell number, running number (SEP-0123-003)."""
    return f"{EQUIPMENT_TYPES[category][0]}-{cell_no:04d}-{n:03d}"


SCENE_AREA_KINDS = (
    "井场",
    "工艺区",
    "压缩机房",
    "阀组区",
    "配电室",
    "化验室",
    "值班室",
    "储罐区",
    "放空区",
    "装卸区",
    "加热炉区",
    "计量区",
)
DUTY_AREA_KINDS = ("库房", "办公区", "维修车间", "车库", "值班室", "器材室", "配电室", "机房")

WORK_ITEMS: tuple[tuple[str, str], ...] = (
    ("日常巡回检查", "每班"),
    ("设备润滑保养", "每周"),
    ("安全阀校验", "每年"),
    ("阴极保护电位测试", "每月"),
    ("可燃气体报警器检定", "每季度"),
    ("消防器材检查", "每月"),
    ("压力表检定", "每半年"),
    ("管线巡护", "每日"),
    ("清管作业", "每季度"),
    ("排污作业", "每周"),
    ("应急演练", "每季度"),
    ("交接班", "每班"),
    ("设备台账更新", "每月"),
    ("党员先锋岗活动", "每月"),
    ("员工健康回访", "每月"),
    ("班组安全活动", "每周"),
    ("隐患排查", "每周"),
    ("防冻堵检查", "每日（冬季）"),
    ("生产数据采集上报", "每日"),
    ("资料整理归档", "每月"),
    ("车辆例行保养", "每月"),
    ("法兰密封检查", "每周"),
    ("电气设备绝缘测试", "每半年"),
    ("接地电阻测试", "每年"),
    ("井口注醇", "每日"),
    ("站场卫生清洁", "每日"),
    ("外来人员登记", "每日"),
    ("政策宣讲", "每月"),
    ("矛盾纠纷排查", "每月"),
    ("治安巡查", "每周"),
)
"""Work items (工作事项) with their frequency."""


# --- safety --------------------------------------------------------------------------------

EQUIPMENT_RISKS = (
    "超压泄漏",
    "天然气泄漏着火",
    "冻堵",
    "机械伤害",
    "触电",
    "高温烫伤",
    "噪声伤害",
    "物体打击",
    "硫化氢中毒",
    "甲醇中毒",
    "容器爆炸",
)
AREA_RISKS = (
    "火灾爆炸",
    "高处坠落",
    "车辆伤害",
    "受限空间窒息",
    "可燃气体积聚",
    "滑倒摔伤",
    "触电",
    "淹溺",
)
HAZARD_ISSUES = (
    "压力表超期未检",
    "法兰渗漏",
    "安全阀铅封缺失",
    "接地线松动",
    "可燃气体报警器失灵",
    "消防器材过期",
    "警示标识缺失",
    "防护栏锈蚀",
    "电缆桥架盖板缺失",
    "阀门内漏",
    "保温层破损",
    "应急照明失效",
    "巡检记录不全",
    "劳保用品配备不足",
    "静电跨接缺失",
)
CONTROL_SCHEDULES = {
    "red": "每2小时巡检一次，班长每班复核",
    "orange": "每班巡检一次",
    "yellow": "每日巡检一次",
    "blue": "每周检查一次",
}
"""How often a risk point of each grade is checked: the "time" element of a control duty."""


# --- officers, processes, problems, training -----------------------------------------------

OFFICER_TASKS: dict[OfficerRole, tuple[str, ...]] = {
    OfficerRole.PROPAGANDIST: ("政策主张宣讲", "形势任务教育", "先进典型宣传"),
    OfficerRole.DEMONSTRATOR: ("管理创优示范", "标准化岗位建设", "五标法对标提升"),
    OfficerRole.MEDIATOR: ("矛盾纠纷调解", "信访诉求受理", "员工思想动态排查"),
    OfficerRole.SAFETY_SUPERVISOR: ("安全管理监督", "作业许可监护", "隐患整改验收"),
    OfficerRole.SECURITY_COMANAGER: ("治安综治协管", "外来人员管控", "要害部位巡查"),
    OfficerRole.HEALTH_INSTRUCTOR: ("健康管理指导", "职业病防护宣教", "健康档案维护"),
    OfficerRole.DISCIPLINE_SUPERVISOR: ("纪律建设督导", "廉洁风险提醒", "作风建设检查"),
    OfficerRole.PRODUCTION_COORDINATOR: ("生产运行协调", "检修作业统筹", "生产异常处置"),
}

PROBLEM_TEXTS: dict[ProblemCategory, tuple[str, ...]] = {
    ProblemCategory.SAFETY: (
        "站内照明不足影响夜间巡检",
        "冬季巡井道路结冰",
        "作业现场警示带缺失",
        "老旧阀门操作费力",
        "放空区围栏破损",
    ),
    ProblemCategory.PRODUCTION: (
        "水套炉燃烧不稳定",
        "计量数据上传延迟",
        "压缩机振动偏大",
        "单井产量波动异常",
        "备品备件供应不及时",
    ),
    ProblemCategory.LIVELIHOOD: (
        "值班室空调故障",
        "倒班宿舍热水不足",
        "职工食堂菜品单一",
        "体检预约时间冲突",
        "通勤班车时间不合理",
    ),
    ProblemCategory.STABILITY: (
        "井场征地补偿纠纷",
        "外包队伍工资拖欠反映",
        "员工家庭困难需帮扶",
        "邻里道路占用矛盾",
    ),
    ProblemCategory.SUGGESTION: (
        "建议增设移动巡检终端",
        "建议优化交接班流程",
        "建议开设夜校云课堂专题",
        "建议共享备用发电设备",
    ),
    ProblemCategory.ENVIRONMENT: (
        "站区杂草清理不及时",
        "废油桶存放不规范",
        "含油污水池异味",
        "放空火炬黑烟",
    ),
}

TRAINING_TOPICS = (
    "采气井口操作",
    "集输工艺流程",
    "压缩机运行维护",
    "硫化氢防护",
    "应急处置",
    "电气安全",
    "仪表自控",
    "管道完整性管理",
    "消防器材使用",
    "岗位风险辨识",
    "隐患排查治理",
    "党建业务融合",
    "网格员履职",
    "职业健康",
    "数字化巡检",
)
VISIT_PURPOSES = (
    "调研安全生产情况",
    "走访慰问一线员工",
    "听取先锋格工作汇报",
    "督导隐患整改落实",
    "开展谈心交流",
    "检查冬季生产准备",
    "调研员工急难愁盼问题",
    "现场办公解决网格上报问题",
)
TACKLE_TASKS = (
    "冬季防冻堵攻关",
    "老旧管线隐患治理",
    "压缩机节能降耗攻关",
    "数字化巡检推广",
    "储气库注采效率提升",
    "单井增产挖潜",
    "站场标准化建设",
    "应急抢险能力提升",
)
HEALTH_NOTES = {
    "healthy": "各项指标正常",
    "observe": "血压偏高，建议定期监测",
    "follow_up": "肝功能异常，三个月后复查",
    "restricted": "不宜从事高处及夜班作业",
}

STANDARD_TOPICS: dict[StandardDomain, tuple[str, ...]] = {
    StandardDomain.GAS_PRODUCTION: ("采气井巡检", "井口装置操作", "气井动态监测"),
    StandardDomain.GATHERING: ("集气站运行", "清管作业", "集输管网调度"),
    StandardDomain.PURIFICATION: ("脱水装置操作", "脱硫装置运行", "轻烃回收"),
    StandardDomain.PIPELINE: ("管道巡护", "阴极保护", "第三方施工管控"),
    StandardDomain.WELL_SITE: ("井场标准化", "井场环境管理", "井场交接"),
    StandardDomain.ELECTRICAL: ("配电运行", "仪表校验", "自控系统维护"),
    StandardDomain.FIRE: ("消防器材管理", "应急预案演练", "动火作业"),
    StandardDomain.ENVIRONMENT: ("含油污泥处置", "放空气回收", "环保设施运行"),
    StandardDomain.OCCUPATIONAL_HEALTH: ("职业危害因素检测", "员工健康管理", "劳动防护用品"),
    StandardDomain.QUALITY: ("天然气计量", "气质检测", "计量器具管理"),
    StandardDomain.LOGISTICS: ("物资管理", "车辆管理", "食堂管理"),
    StandardDomain.PARTY_WORK: ("党支部标准化", "党员先锋岗", "网格员履职"),
    StandardDomain.TRAINING: ("岗检培训", "师带徒", "技能鉴定"),
    StandardDomain.STABILITY: ("矛盾纠纷排查", "信访接待", "治安防范"),
    StandardDomain.INFORMATION: ("数字化站场", "网络安全", "数据治理"),
}

PARTNERS: tuple[tuple[str, str, str], ...] = (
    ("大庆市应急管理局", "government", "大庆市"),
    ("大庆市消防救援支队", "emergency", "大庆市"),
    ("哈尔滨松北燃气有限公司", "gas_supplier", "哈尔滨市"),
    ("哈尔滨阿城天然气有限公司", "gas_supplier", "哈尔滨市"),
    ("哈尔滨呼兰燃气有限公司", "gas_supplier", "哈尔滨市"),
    ("大庆萨尔图燃气有限公司", "gas_supplier", "大庆市"),
    ("大庆高新区天然气有限公司", "gas_supplier", "大庆市"),
    ("齐齐哈尔鹤城燃气有限公司", "gas_supplier", "齐齐哈尔市"),
    ("齐齐哈尔富拉尔基燃气有限公司", "gas_supplier", "齐齐哈尔市"),
    ("绥化北林燃气有限公司", "gas_supplier", "绥化市"),
    ("安达天然气有限公司", "gas_supplier", "绥化市"),
)
"""The eleven partners of the company–local linkage net (name, PartnerKind, city)."""

AGREEMENT_TITLE = "哈大齐绥天然气保供企业维修协作框架协议"
AGREEMENT_SCOPE = "哈尔滨、大庆、齐齐哈尔、绥化四市11家天然气保供企业抢维修资源共享、应急联动"
