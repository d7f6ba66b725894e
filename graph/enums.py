"""Domain enumerations, each value carrying the Chinese term a user sees (DOMAIN.md)."""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class LabelledEnum(StrEnum):
    """A string enum whose members also carry a Chinese label.

    Example:
        >>> RiskGrade.RED.value, RiskGrade.RED.zh
        ('red', '重大风险(红)')
    """

    zh: str

    def __new__(cls, value: str, zh: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.zh = zh
        return member

    @classmethod
    def choices(cls) -> dict[str, str]:
        """Value → Chinese label, the form neomodel's ``choices`` takes."""
        return {m.value: m.zh for m in cls}

    @classmethod
    def zh_of(cls, value: str | None) -> str | None:
        """The Chinese label of a stored value; None for a missing or unknown one.

        Example:
            >>> OfficerRole.zh_of("mediator"), OfficerRole.zh_of(None)
            ('调解员', None)
        """
        try:
            return None if value is None else str(cls(value).zh)
        except ValueError:
            return None


class NetLevel(LabelledEnum):
    """Net kind by level: 二级网 领航网 / 三级网 强基网 / 四级网 堡垒网."""

    NAVIGATOR = "navigator", "领航网(二级网)"
    STRONG_BASE = "strong_base", "强基网(三级网)"
    FORTRESS = "fortress", "堡垒网(四级网)"

    @property
    def level(self) -> int:
        return {"navigator": 2, "strong_base": 3, "fortress": 4}[self.value]

    @classmethod
    def for_level(cls, level: int) -> NetLevel:
        return {2: cls.NAVIGATOR, 3: cls.STRONG_BASE, 4: cls.FORTRESS}[level]


class CellMode(LabelledEnum):
    """How a cell is drawn: by scene (场景化定格) or by duty (职责化定格)."""

    SCENE = "scene", "场景化定格"
    DUTY = "duty", "职责化定格"


class OfficerRole(LabelledEnum):
    """The eight officers (八大员) held inside a cell."""

    PROPAGANDIST = "propagandist", "宣传员"
    DEMONSTRATOR = "demonstrator", "示范员"
    MEDIATOR = "mediator", "调解员"
    SAFETY_SUPERVISOR = "safety_supervisor", "监督员"
    SECURITY_COMANAGER = "security_comanager", "协管员"
    HEALTH_INSTRUCTOR = "health_instructor", "指导员"
    DISCIPLINE_SUPERVISOR = "discipline_supervisor", "督导员"
    PRODUCTION_COORDINATOR = "production_coordinator", "协调员"


class PartnerKind(LabelledEnum):
    """Partner organisations of the company–local linkage net (企地协同联动网)."""

    GOVERNMENT = "government", "地方政府"
    EMERGENCY = "emergency", "应急救援"
    GAS_SUPPLIER = "gas_supplier", "供气企业"


class StandardLevel(LabelledEnum):
    """Basic-work guidance standard (基础工作指导标准) or unit work standard (单位工作标准)."""

    GUIDANCE = "guidance", "指导标准"
    UNIT = "unit", "单位标准"


class StandardDimension(LabelledEnum):
    """The eight dimensions the guidance standards are written in."""

    ORGANISATION = "organisation", "组织建设"
    POLITICS = "politics", "政治建设"
    SAFETY = "safety", "安全生产"
    OPERATIONS = "operations", "生产运行"
    EQUIPMENT = "equipment", "设备管理"
    SERVICE = "service", "员工服务"
    DISCIPLINE = "discipline", "纪律作风"
    CULTURE = "culture", "文化建设"


class StandardDomain(LabelledEnum):
    """The fifteen domains the guidance standards cover."""

    GAS_PRODUCTION = "gas_production", "采气生产"
    GATHERING = "gathering", "集输管理"
    PURIFICATION = "purification", "天然气净化"
    PIPELINE = "pipeline", "管道保护"
    WELL_SITE = "well_site", "井场管理"
    ELECTRICAL = "electrical", "电气仪表"
    FIRE = "fire", "消防应急"
    ENVIRONMENT = "environment", "环境保护"
    OCCUPATIONAL_HEALTH = "occupational_health", "职业健康"
    QUALITY = "quality", "质量计量"
    LOGISTICS = "logistics", "后勤保障"
    PARTY_WORK = "party_work", "党建工作"
    TRAINING = "training", "教育培训"
    STABILITY = "stability", "维稳信访"
    INFORMATION = "information", "信息化"


class ProcessKind(LabelledEnum):
    """Kinds of process bundle (流程束) on the trunk of the business tree."""

    MANAGEMENT = "management", "管理流程"
    OPERATION = "operation", "作业流程"
    SERVICE = "service", "服务流程"


class DataSourceKind(LabelledEnum):
    """Ledgers (工作台账) the data flow feeds."""

    PARTY_MEMBERS = "party_members", "党员信息台账"
    EQUIPMENT = "equipment", "设备信息台账"
    NATURAL_CONDITIONS = "natural_conditions", "自然条件台账"
    SAFETY_RISKS = "safety_risks", "安全风险台账"
    HEALTH = "health", "员工健康台账"
    EARLY_WARNING = "early_warning", "苗头性信息台账"
    CARE = "care", "关爱帮扶台账"


class RiskGrade(LabelledEnum):
    """Graded risk colours of a risk point (风险分级)."""

    RED = "red", "重大风险(红)"
    ORANGE = "orange", "较大风险(橙)"
    YELLOW = "yellow", "一般风险(黄)"
    BLUE = "blue", "低风险(蓝)"


class HazardSeverity(LabelledEnum):
    """Hazard severity (隐患等级)."""

    MAJOR = "major", "重大隐患"
    GENERAL = "general", "一般隐患"


class HazardStatus(LabelledEnum):
    """States of the hazard closed loop (隐患排查治理闭环)."""

    FOUND = "found", "已发现"
    ASSIGNED = "assigned", "已派发"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "已整改"
    VERIFIED = "verified", "已验收"
    CLOSED = "closed", "已销号"


class ProblemCategory(LabelledEnum):
    """What a problem raised in the grid is about."""

    SAFETY = "safety", "安全隐患"
    PRODUCTION = "production", "生产运行"
    LIVELIHOOD = "livelihood", "员工诉求"
    STABILITY = "stability", "矛盾纠纷"
    SUGGESTION = "suggestion", "意见建议"
    ENVIRONMENT = "environment", "环境卫生"


class ProblemStatus(LabelledEnum):
    """Problem states through look–listen–report–prevent–help (看-听-报-防-帮)."""

    REPORTED = "reported", "已上报"
    ACCEPTED = "accepted", "已受理"
    ESCALATED = "escalated", "已升级"
    RESOLVED = "resolved", "已解决"
    CLOSED = "closed", "已办结"


class ProblemScale(LabelledEnum):
    """Small matters stay in the cell, big ones go to the whole net (小事格内解决、大事全网联动)."""

    SMALL = "small", "小事"
    BIG = "big", "大事"


class TrainingKind(LabelledEnum):
    """The training matrix: three learnings, four classrooms (三学四课堂)."""

    IN_CELL = "in_cell", "格内学"
    CROSS_CELL = "cross_cell", "跨格学"
    EXTERNAL = "external", "外出学"
    PRACTICE = "practice", "实践课堂"
    BACKBONE = "backbone", "骨干课堂"
    NIGHT_SCHOOL = "night_school", "夜校云课堂"
    MENTOR = "mentor", "师带徒课堂"


class HealthStatus(LabelledEnum):
    """Outcome of an employee health check (健康档案)."""

    HEALTHY = "healthy", "健康"
    OBSERVE = "observe", "需观察"
    FOLLOW_UP = "follow_up", "需复查"
    RESTRICTED = "restricted", "岗位受限"


class EquipmentCategory(LabelledEnum):
    """Kinds of equipment in the gas field."""

    WELLHEAD = "wellhead", "井口装置"
    SEPARATOR = "separator", "分离器"
    COMPRESSOR = "compressor", "压缩机"
    PIPELINE = "pipeline", "管线"
    VALVE = "valve", "阀门"
    METER = "meter", "计量装置"
    HEATER = "heater", "加热炉"
    ELECTRICAL = "electrical", "电气设备"
    INSTRUMENT = "instrument", "仪器仪表"
    FIRE_EQUIPMENT = "fire_equipment", "消防设施"


class DutyElement(LabelledEnum):
    """The six elements (六要素) a duty record must lock, named after where each is stored."""

    ASSIGNEE = "assignee", "人"
    MATTER = "matter", "事"
    OBJECT = "object", "物"
    RESPONSIBILITY = "responsibility", "责"
    SCHEDULE = "schedule", "时间"
    SPACE = "space", "空间"


class UserRole(LabelledEnum):
    """What an account may do (decision 0005)."""

    ADMIN = "admin", "管理员"
    PLANNER = "planner", "规划人员"
    INVESTIGATOR = "investigator", "调查人员"
    HEAD = "head", "网长/格长"
    MEMBER = "member", "网格成员"
