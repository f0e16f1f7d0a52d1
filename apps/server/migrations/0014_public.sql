-- The public app: the knowledge quiz's question bank (managed in the console) and the results of tests taken by the
-- public, counted by school or community. Works are not copied here: the public app reads them through the works
-- module into its in-memory index.

-- 题库. region_code NULL: a nationwide question shipped with the platform, readable by every office, edited by none
-- (an office adds its own instead); otherwise the office that manages it (jurisdiction as everywhere).
CREATE TABLE quiz_question (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code text REFERENCES region (code),
  category    text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('single', 'multiple')),
  stem        text NOT NULL CHECK (length(stem) BETWEEN 1 AND 500),
  options     jsonb NOT NULL,                       -- [{ "key": "A", "text": "…" }, …], 2 to 6
  answer      text[] NOT NULL CHECK (cardinality(answer) >= 1),
  explanation text,
  active      boolean NOT NULL DEFAULT true,
  version     integer NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quiz_question_active_idx ON quiz_question (active, category);

-- One test taken: who (an organisation's name, never a person's), where, the score. Exercises are not stored.
CREATE TABLE quiz_result (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_code  text NOT NULL REFERENCES region (code),
  org_kind     text NOT NULL CHECK (org_kind IN ('school', 'community')),
  org_name     text NOT NULL CHECK (length(org_name) BETWEEN 1 AND 64),
  correct      integer NOT NULL CHECK (correct >= 0),
  total        integer NOT NULL CHECK (total >= 1 AND correct <= total),
  score        integer NOT NULL CHECK (score BETWEEN 0 AND 100),
  submitted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX quiz_result_region_idx ON quiz_result (region_code text_pattern_ops, submitted_at);

INSERT INTO quiz_question (category, kind, stem, options, answer, explanation) VALUES
('signals', 'single', '空袭警报的信号是？',
 '[{"key":"A","text":"鸣 36 秒，停 24 秒，反复 3 遍"},{"key":"B","text":"鸣 6 秒，停 6 秒，反复 15 遍"},{"key":"C","text":"连续鸣响 3 分钟"}]',
 '{B}', '空袭警报：鸣 6 秒、停 6 秒，反复 15 遍，为时 3 分钟；预先警报鸣 36 秒停 24 秒反复 3 遍；解除警报连续鸣响 3 分钟。'),
('signals', 'single', '解除警报的信号是？',
 '[{"key":"A","text":"连续鸣响 3 分钟"},{"key":"B","text":"鸣 6 秒，停 6 秒，反复 15 遍"},{"key":"C","text":"鸣 36 秒，停 24 秒，反复 3 遍"}]',
 '{A}', '解除警报为连续鸣响 3 分钟。'),
('signals', 'single', '我国城市防空警报试鸣通常在哪一天进行？',
 '[{"key":"A","text":"每年的 9 月 18 日前后（各地规定）"},{"key":"B","text":"每月 1 日"},{"key":"C","text":"每年元旦"}]',
 '{A}', '多数城市在 9 月 18 日前后的全民国防教育日组织防空警报试鸣，具体日期以当地公告为准。'),
('shelter', 'multiple', '听到空袭警报后，正确的做法有哪些？',
 '[{"key":"A","text":"迅速就近进入人防工程或坚固建筑的地下室"},{"key":"B","text":"乘坐电梯尽快下楼"},{"key":"C","text":"关闭燃气和电源"},{"key":"D","text":"听从工作人员指挥"}]',
 '{A,C,D}', '疏散时不要乘坐电梯；关闭燃气电源，就近进入掩蔽场所并听从指挥。'),
('shelter', 'single', '进入人防工程掩蔽时，下列哪项做法不正确？',
 '[{"key":"A","text":"有序进入，不拥挤"},{"key":"B","text":"在出入口停留观望"},{"key":"C","text":"携带证件、饮水和常用药品"}]',
 '{B}', '不要在出入口停留，以免堵塞通道。'),
('basics', 'single', '人民防空的方针是？',
 '[{"key":"A","text":"长期准备、重点建设、平战结合"},{"key":"B","text":"预防为主、防治结合"},{"key":"C","text":"统一领导、分级负责"}]',
 '{A}', '《中华人民共和国人民防空法》规定，人民防空实行长期准备、重点建设、平战结合的方针。'),
('basics', 'multiple', '人防工程平时可以用作哪些用途？',
 '[{"key":"A","text":"地下停车场"},{"key":"B","text":"夏季纳凉点"},{"key":"C","text":"存放易燃易爆危险品"},{"key":"D","text":"社区活动场所"}]',
 '{A,B,D}', '人防工程平时可用于停车、纳凉、商业和公益活动等，但禁止存放易燃易爆等危险品。'),
('law', 'single', '《中华人民共和国人民防空法》自哪一年起施行？',
 '[{"key":"A","text":"1997 年"},{"key":"B","text":"2007 年"},{"key":"C","text":"1987 年"}]',
 '{A}', '《人民防空法》于 1996 年 10 月 29 日通过，自 1997 年 1 月 1 日起施行。'),
('law', 'single', '任何组织或者个人不得进行影响人民防空工程使用或者降低工程防护能力的作业，这一规定出自？',
 '[{"key":"A","text":"《人民防空法》"},{"key":"B","text":"《城乡规划法》"},{"key":"C","text":"《消防法》"}]',
 '{A}', '《人民防空法》第二十七条规定了对人防工程的保护。'),
('first_aid', 'single', '发现有人大出血，首先应当？',
 '[{"key":"A","text":"用干净敷料直接压迫止血并呼救"},{"key":"B","text":"让伤员站起来走动"},{"key":"C","text":"立即给伤员喝大量水"}]',
 '{A}', '直接压迫是最有效的现场止血方法，同时拨打 120。'),
('first_aid', 'multiple', '家庭应急包里宜准备哪些物品？',
 '[{"key":"A","text":"饮用水和食品"},{"key":"B","text":"手电筒和备用电池"},{"key":"C","text":"常用药品和急救包"},{"key":"D","text":"大量现金首饰"}]',
 '{A,B,C}', '应急包以维持基本生活和自救为主：水、食品、照明、药品、证件复印件等。'),
('shelter', 'single', '在室外来不及进入人防工程时，应当？',
 '[{"key":"A","text":"利用地形地物就近隐蔽，如沟渠、坚固建筑"},{"key":"B","text":"站在空旷处观察"},{"key":"C","text":"躲进汽车内"}]',
 '{A}', '来不及进入工程时应就近利用地形地物隐蔽，避开玻璃幕墙和易燃物。');
