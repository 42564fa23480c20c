/** Chinese names for branches, people and companies. All fictitious. */
import type { Rng } from './rng.ts';

/** Institutions under the head office, in the order they are created. */
export const INSTITUTION_NAMES = [
  '城北支行',
  '城南支行',
  '开发区支行',
  '城东支行',
  '城西支行',
  '高新区支行',
  '营业部',
  '站前支行',
  '新城支行',
  '经开区支行',
  '滨江支行',
  '湖西支行',
  '人民路支行',
  '解放路支行',
  '工业园区支行',
  '大学城支行',
  '临港支行',
  '东郊支行',
  '西郊支行',
  '南湖支行',
] as const;

const GRID_NAMES: Record<string, string> = {
  营业部: '中心城区网格',
};

export function institutionName(index: number): string {
  return INSTITUTION_NAMES[index] ?? `第${index + 1}支行`;
}

export function gridName(branchName: string): string {
  return GRID_NAMES[branchName] ?? `${branchName.replace(/支行$/, '')}网格`;
}

const SURNAMES = [
  '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗',
  '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '萧', '程', '曹', '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕',
  '苏', '卢', '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '阎', '余', '潘', '杜', '戴', '夏', '钟', '汪', '田', '任', '姜',
  '范', '方', '石', '姚', '谭', '廖', '邹', '熊', '金', '陆', '郝', '孔', '白', '崔', '康', '毛', '邱', '秦', '江', '史',
] as const;
/** Surname weights: the most common surnames are far more common. */
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => 1 / (i + 8));

const GIVEN = [
  '伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀', '霞', '平',
  '刚', '桂', '英', '华', '玉', '萍', '红', '鹏', '飞', '建', '国', '文', '辉', '宇', '浩', '然', '欣', '怡', '晨', '阳',
  '婷', '雪', '琳', '慧', '海', '波', '宁', '志', '新', '春', '梅', '兰', '东', '亮', '峰', '斌', '琴', '云', '凯', '佳',
  '子', '梓', '涵', '轩', '博', '思', '雨', '嘉', '俊', '晓', '丹', '玲', '林', '旭', '瑞', '鑫', '德', '成', '金', '忠',
] as const;

export function personName(rng: Rng): string {
  const surname = SURNAMES[rng.weighted(SURNAME_WEIGHTS)] as string;
  const first = rng.pick(GIVEN);
  return rng.bool(0.35) ? surname + first : surname + first + rng.pick(GIVEN);
}

const CITY = ['长春', '吉林', '松原', '四平', '辽源', '通化', '白山', '延边', '白城', '梅河口'] as const;
const BRAND = [
  '华信', '鑫源', '恒泰', '宏达', '瑞丰', '金石', '天成', '盛世', '广源', '东方', '新亚', '嘉禾', '永安', '中盛', '北辰', '泰和',
  '福瑞', '鼎盛', '众诚', '远航', '昌隆', '万通', '博远', '长青', '德润', '启明', '汇通', '明珠', '兴业', '康达', '润泽', '通达',
] as const;
const SUFFIX: Record<string, readonly string[]> = {
  industry_transport: ['机械制造', '汽车零部件', '物流', '运输', '化工', '钢结构'],
  commerce: ['商贸', '贸易', '商业连锁', '超市', '医药销售'],
  real_estate_construction: ['房地产开发', '建筑工程', '建材', '装饰工程'],
  agriculture: ['农业发展', '粮食收储', '牧业', '种业'],
  utilities: ['热力', '供水', '燃气'],
  post_telecom: ['通信技术', '网络科技'],
  finance_insurance: ['融资租赁', '保险代理'],
  education_health_culture: ['教育科技', '医疗器械', '文化传媒'],
  social_services: ['物业服务', '家政服务', '人力资源'],
  catering_hospitality: ['餐饮管理', '酒店管理'],
  other: ['科技', '实业', '投资'],
};

export function companyName(rng: Rng, industry: string): string {
  const suffixes = SUFFIX[industry] ?? SUFFIX['other'] ?? ['实业'];
  const form = rng.bool(0.8) ? '有限公司' : '股份有限公司';
  return `${rng.pick(CITY)}${rng.pick(BRAND)}${rng.pick(suffixes)}${form}`;
}

/** Reasons a lead was lost, as a relationship manager would record them. */
export const LOST_REASONS = ['利率不满意', '资质不符', '已在他行办理', '额度不足', '客户暂无需求', '联系不上客户'] as const;
export const LOST_REASON_WEIGHTS = [30, 22, 20, 10, 12, 6] as const;
