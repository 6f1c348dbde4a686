"""Every enumeration of the workbook, written once: allowed values and the named values code
tests against.

`fazhi.workbook.schema` declares which column uses which; import them from either module.
Example: ``df[Dispute.RESULT] == MediationResult.SUCCESS``.
"""

from __future__ import annotations

YES, NO = "是", "否"


class MeetingType:
    PARTY = "党委会"
    GOVERNMENT = "政府常务会议"
    SPECIAL = "专题会议"
    ALL = (PARTY, GOVERNMENT, SPECIAL)
    ALIASES = (("党委会议", PARTY), ("党委扩大会议", PARTY), ("政府常务会", GOVERNMENT), ("常务会议", GOVERNMENT),
               ("专题会", SPECIAL))


class StudyForm:
    CENTRAL_GROUP = "中心组学法"
    PRE_MEETING = "会前学法"
    COLLECTIVE = "集中学法"
    LECTURE = "专题讲座"
    ONLINE = "线上学法"
    ALL = (CENTRAL_GROUP, PRE_MEETING, COLLECTIVE, LECTURE, ONLINE)


class StaffCategory:
    LEADER = "领导干部"
    GENERAL = "一般干部"
    ALL = (LEADER, GENERAL)


PASS_MARK = 60  # 学法考试 成绩 at or above this counts as 合格


class PublicityOccasion:
    NATIONAL_SECURITY = "4.15"
    ANTI_DRUG = "6.26"
    CONSTITUTION_DAY = "12.4"
    CONSTITUTION_WEEK = "宪法宣传周"
    CIVIL_CODE_MONTH = "民法典宣传月"
    ANTI_CULT_MONTH = "反邪教宣传月"
    SAFETY_MONTH = "平安建设宣传月"
    OTHER = "其他"
    ALL = (
        NATIONAL_SECURITY, ANTI_DRUG, CONSTITUTION_DAY, CONSTITUTION_WEEK,
        CIVIL_CODE_MONTH, ANTI_CULT_MONTH, SAFETY_MONTH, OTHER,
    )
    ALIASES = (
        ("4·15", NATIONAL_SECURITY), ("全民国家安全教育日", NATIONAL_SECURITY),
        ("6·26", ANTI_DRUG), ("国际禁毒日", ANTI_DRUG),
        ("12·4", CONSTITUTION_DAY), ("12.04", CONSTITUTION_DAY), ("国家宪法日", CONSTITUTION_DAY),
    )


class ServedParty:
    GOVERNMENT = "政府"
    VILLAGE = "村（社区）"
    ALL = (GOVERNMENT, VILLAGE)
    ALIASES = (("村", VILLAGE), ("社区", VILLAGE), ("村委会", VILLAGE), ("乡政府", GOVERNMENT), ("镇政府", GOVERNMENT),
               ("乡镇政府", GOVERNMENT))


class AdviserType:
    LAWYER = "律师"
    PUBLIC_LAWYER = "公职律师"
    GRASSROOTS = "基层法律服务工作者"
    ALL = (LAWYER, PUBLIC_LAWYER, GRASSROOTS)
    ALIASES = (("执业律师", LAWYER), ("社会律师", LAWYER), ("基层法律服务所", GRASSROOTS))


class ReviewType:
    CONTRACT = "合同"
    NORMATIVE = "规范性文件"
    AGREEMENT = "行政协议"
    OTHER = "其他"
    ALL = (CONTRACT, NORMATIVE, AGREEMENT, OTHER)


class ReviewConclusion:
    LAWFUL = "合法"
    LAWFUL_AFTER_CHANGES = "修改后合法"
    UNLAWFUL = "不合法"
    ALL = (LAWFUL, LAWFUL_AFTER_CHANGES, UNLAWFUL)


class DisputeType:
    ALL = (
        "婚姻家庭", "邻里纠纷", "宅基地建房", "土地承包", "合同纠纷", "劳务纠纷",
        "征地拆迁", "损害赔偿", "山林水利", "其他",
    )


class Mediator:
    TOWNSHIP_COMMITTEE = "乡人民调解委员会"
    TOWN_COMMITTEE = "镇人民调解委员会"
    VILLAGE_COMMITTEE = "村调委会"
    OLD_SECRETARY_ROOM = "老支书调解室"
    OTHER = "其他"
    ALL = (TOWNSHIP_COMMITTEE, TOWN_COMMITTEE, VILLAGE_COMMITTEE, OLD_SECRETARY_ROOM, OTHER)
    ALIASES = (("乡镇人民调解委员会", TOWNSHIP_COMMITTEE), ("村人民调解委员会", VILLAGE_COMMITTEE))


class MediationResult:
    SUCCESS = "调解成功"
    FAILED = "调解未成功"
    ONGOING = "正在调解"
    ALL = (SUCCESS, FAILED, ONGOING)
    ALIASES = (("成功", SUCCESS), ("已调解", SUCCESS), ("未成功", FAILED), ("调解不成功", FAILED), ("失败", FAILED),
               ("调解失败", FAILED), ("调解中", ONGOING), ("在调", ONGOING))
    CLOSED = (SUCCESS, FAILED)


class PetitionCategory:
    ALL = (
        "征地拆迁", "土地资源", "劳动社保", "城乡建设", "农村农业", "生态环境",
        "涉法涉诉", "民政救助", "其他",
    )


class PetitionChannel:
    ALL = ("来访", "来信", "网上信访", "12345热线", "其他")


class PetitionStatus:
    CLOSED = "已办结"
    OPEN = "办理中"
    ALL = (CLOSED, OPEN)
    ALIASES = (("办结", CLOSED), ("已结", CLOSED), ("在办", OPEN), ("未办结", OPEN))


class EnforcementField:
    ALL = (
        "自然资源", "生态环境", "农业农村", "城乡建设", "市场监管", "安全生产",
        "卫生健康", "林业草原", "其他",
    )


class EnforcementType:
    INSPECTION = "检查"
    PENALTY = "处罚"
    COERCION = "强制"
    LICENSE = "许可"
    ALL = (INSPECTION, PENALTY, COERCION, LICENSE)
    NEEDS_LEGAL_REVIEW = (PENALTY, COERCION)  # 法制审核 applies to these decisions


class EnforcementResult:
    NO_VIOLATION = "未发现问题"
    RECTIFY = "责令整改"
    PENALISED = "予以处罚"
    NOT_PENALISED = "不予处罚"
    COERCED = "采取强制措施"
    LICENSED = "准予许可"
    REFUSED = "不予许可"
    PENDING = "办理中"
    ALL = (NO_VIOLATION, RECTIFY, PENALISED, NOT_PENALISED, COERCED, LICENSED, REFUSED, PENDING)


class CaseType:
    RECONSIDERATION = "行政复议"
    LITIGATION = "行政诉讼"
    ALL = (RECONSIDERATION, LITIGATION)
    ALIASES = (("复议", RECONSIDERATION), ("诉讼", LITIGATION), ("行政应诉", LITIGATION))


class CaseResult:
    UPHELD = "维持或驳回"
    REVOKED = "撤销"
    CHANGED = "变更"
    CONFIRMED_UNLAWFUL = "确认违法"
    ORDERED = "责令履行"
    SETTLED = "调解或撤回"
    TERMINATED = "终止"
    PENDING = "审理中"
    ALL = (UPHELD, REVOKED, CHANGED, CONFIRMED_UNLAWFUL, ORDERED, SETTLED, TERMINATED, PENDING)
    ALIASES = (("维持", UPHELD), ("驳回", UPHELD), ("调解", SETTLED), ("撤回", SETTLED), ("撤诉", SETTLED),
               ("未结", PENDING), ("审理", PENDING))
    LOST = (REVOKED, CHANGED, CONFIRMED_UNLAWFUL, ORDERED)  # 败诉（被纠错）
    CONCLUDED = (UPHELD, REVOKED, CHANGED, CONFIRMED_UNLAWFUL, ORDERED, SETTLED, TERMINATED)
