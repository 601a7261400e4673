"""Repair the GBK "byte-straddle" garble of the 余杭区 traditional-script page (sample 003).

What happened to the page
-------------------------
The site converted its text to traditional script and then added pinyin after the characters
of a fixed list ("區" becomes "區(qū)"). It did the second step on GBK *bytes*, replacing the
two-byte code of each listed character by code + "(pinyin)" wherever those two bytes occur,
including where they straddle two characters: the trail byte of one character and the lead
byte of the next. 杭 is BA BC and 夢 is 89 F4; BC 89 is 級, so "杭夢" became
``BA BC 89 ( j í ) F4`` and a spurious "(jí)" was cut into the middle of 夢.

The result was then decoded as GBK by a reader that, on a lead byte followed by a byte that
cannot be a trail (here the "(" of an annotation), printed "?" for both bytes. From that
point the reader was one byte off, pairing the trail byte of each character with the lead
byte of the next, until an ASCII byte put it back in step. Finally the text's full-width forms
were folded to ASCII ("，" to ",", "Ｎ" to "N"). The page shows all of it::

    合杭?jí)粝胄℃?zhèn)    bytes  BA CF BA BC [89 (] jí) [F4 CF][EB D0][A1 E6] [82 (] zhèn)
    original               合    杭   夢(89 F4) 想(CF EB) 小(D0 A1) 鎮(E6 82)(zhèn)

So every garbled span opens with "?" + pinyin + ")" (a *spurious* annotation whose "(" was
eaten), and a "?" + pinyin + ")" met while the reader is off step is a *genuine* annotation
whose "(" was eaten, and it puts the reader back in step. See :func:`garbled_spans`.

How a span is rebuilt, and what is never guessed
------------------------------------------------
Off step, each printed character is ``[trail of char k, lead of char k+1]``, so the original
character k+1 is the second byte of one printed character plus the first byte of the next.
The bytes eaten by a "?" are recovered only from the pinyin next to them: the lost byte L
completes ``[known byte, L]`` to a character read with that pinyin. That is accepted only if
exactly one character fits once simplified; the candidates are every GBK character that the
t2s converter changes (the site annotates only converted characters: all 101 distinct
annotated characters in sample 003 are such, and none of its 665 distinct unconverted
characters is ever annotated), with every reading pypinyin knows (table below).

Every rebuilt character must be GBK, plausible page text (a CJK character whose simplified
form is in GB2312, or common punctuation), and, when no annotation follows it, not one of
the characters the page always annotates. A bytewise reading that breaks any of these rules,
or an annotation whose pinyin fits no character, proves that bytes were lost where the
printout does not show it: the reader also dropped every pair that GBK leaves unassigned
(user-defined codes such as FD C1), without a trace. Such a span is left exactly as printed
(flag ``garbled``) apart from characters fixed by their own bytes and pinyin. Where the
printout allows several readings (an ASCII letter off step may be a trail byte or a folded
full-width letter), only what all the readings with the fewest proven losses agree on is
rebuilt; the rest is left as printed.

Known limit: a dropped pair that breaks no rule cannot be seen, and then the span is rebuilt
with one wrong character in place of two. No rule based on bytes alone can see all of them:
the dropped pair's bytes can be almost anything. In a simulation on the page's own characters
(tests/test_garble.py's model; 20,000 planted spans) 17% of the spans lost a pair, the rules
caught 37% of those, and 11.7% of the spans reported as completely repaired were
wrong; without a lost pair none was. All twelve spans of sample 003 are pinned by tests that
re-garble the original text byte for byte (only line 22 lost pairs, and it is left as
printed).

Output
------
A repaired span comes out in simplified script (as the later stage would produce), with no
pinyin, and full-width forms folded to ASCII like the rest of the page. A character whose
bytes are lost but whose position is known comes out as U+FFFD (:data:`LOST`). Text outside
the spans, including its normal "(pinyin)" annotations, is returned untouched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Final, Literal

__all__ = [
    "FLAG_GARBLED",
    "FLAG_REPAIRED",
    "LOST",
    "GarbleSpan",
    "garbled_spans",
    "repair_garbled",
]

#: At least one garbled span was rebuilt completely (a code of ``govtasks.models.FLAGS``).
FLAG_REPAIRED: Final = "garbled_repaired"
#: At least one garbled span is left (partly) as printed or holds :data:`LOST`.
FLAG_GARBLED: Final = "garbled"
#: Stands for one original character whose bytes are lost.
LOST: Final = "\ufffd"

# Off step, the printout is searched over readings; a cell whose readings exceed these
# bounds is left as printed (flag "garbled") rather than burn time.
_MAX_READINGS: Final = 256
_MAX_STEPS: Final = 50_000

# Every GBK character that OpenCC t2s changes, grouped by each reading pypinyin 0.55 gives it
# (heteronyms included). Only those can carry the site's annotations. "syllable:characters",
# regenerated and checked by tests/test_garble.py::test_reading_table_is_reproducible.
_READING_TABLE: Final = """
ba:罷 bei:唄 bian:邊 biàn:編緶變辮辯閞 biào:標鰾 biè:彆 bié:別癟 biān:獱籩編邊鯾鯿
biāo:標鏢鑣颮颷飆飈驃驫 biē:癟鱉 biě:癟 biǎn:編緶貶辯 biǎo:錶 bo:蔔 bà:垻壩罷鮁鮊 bài:唄敗韛
bàn:並絆辦辯 bàng:並縍謗鎊 bào:報鉋鮑 bá:軷颰 báo:鉋 bèi:備垻憊梖狽珼貝輩鋇 bèn:軬 bèng:繃鏰
bì:嗶幣彃斃潷熚畢祕篳紕蓽詖費賁贔蹕鉍閈閉韠飶鮅鷩鸊 bìn:儐擯殯臏髕鬢 bìng:並併 bó:蔔襏鈸鉑鎛餺駁鮊鵓
bù:佈鈈餔 bú:僕轐 bā:釟鈀 bān:賁頒 bāng:幫縍 bāo:鮑齙 bēi:盃襬鵯 bēn:賁錛鐼 bēng:綳繃閍 běi:鉳
běng:繃 bī:紕鎞鰏 bīn:儐檳濱瀕璸繽訜賓贇鑌頻 bīng:檳 bō:剝撥潑發缽蹳鉢餑驋鮁 bū:鈽餔鯆鵏 bǎ:鈀
bǎi:擺罷襬 bǎn:鈑闆 bǎng:紡綁 bǎo:寶飽鴇 bǐ:筆紕罷 bǐng:稟綆餅 bǔ:撲補鵏 chen:傖 chuàn:釧
chuàng:倉創愴 chuán:傳團 chuáng:牀 chuí:郵錘鎚 chuò:嚽孎綴綽輟鏃齪 chuān:釧 chuāng:創戧摐瘡 chuǎn:膞
chuǎng:愴闖 chà:奼詫 chài:蠆 chàn:剗幝懺燀讖顫 chàng:悵暢瑒畼 chào:縐 chái:儕齜
chán:僤單嬋嶄撣漸禪繟纏蟬讒鑱饞 cháng:償嘗嚐場棖脹腸萇長鱨 cháo:濤鼂 chè:徹詀 chèn:儭櫬瀋稱襯讖闖齔
chèng:稱黨 chén:塵棧蔯諶陳鷐 chéng:倀傖嗆懲搶棖淨誠徵鋮 chì:勑嘯滯熾飭飾鳷鶒 chí:遲鍉馳驪鶗
chòng:衝銃 chóng:種緟蟲 chóu:儔嬦幬懤擣檮疇籌紬綢薵譸讎躊鮋 chù:絀處觸詘 chú:儲媰廚櫥芻蒭諸躕鋤雛
chún:純脣膞蒓蓴錞鶉 chā:釵鍤鎈餷 chāi:釵 chān:佔嘽摻攙襝覘鉆 chāng:倀錩閶鯧 chāo:嘮紹綽鈔
chē:俥唓硨車 chēn:綝縝賝 chēng:搶撐槍檉湞瑲稱蟶赬鐺 chěn:磣 chěng:騁 chī:喫彲癡絺誺離鴟
chōng:傭樁沖衝 chōu:篘紬謅 chū:嘔貙踰齣 chūn:輇鰆 chǎ:鑔
chǎn:僤剗剷單嘽囅墠嵼幝憚滻燀產産繟蕆諂譂鏟闡 chǎng:儻場廠鋹 chǎo:謅鈔麨 chǐ:恥紕齒齣 chǒng:寵衝
chǒu:醜鈕 chǔ:儲礎處齭齼 chǔn:賰 cuàn:竄鑹 cuán:攢欑灒 cuò:銼錯 cuó:躦酇鹺 cuān:攛竄躥鑹 cuī:縗
cuō:營 cà:囃磣 cài:埰寀 càn:參摻燦 cái:纔財 cán:慚戔殘淺蠶蹔 cè:側冊厠幘廁惻測筴萴齰 céng:層繒驓
cì:廁賜 cí:澬茲薺詞辭餈鴜鶿鷀 còu:湊藪輳 cóng:叢從縱誴 cù:縐縬趨錯顣 cān:參叄嵾飱驂鰺
cāng:倉傖滄獊瑲艙蒼鶬 cēn:參嵾穇篸 cī:蠀 cōng:囪從樅瑽總聰蓯蔥鏦驄 cǎi:埰寀採綵 cǎn:慘穇篸黲 cǎng:蒼
cǐ:鮆 cǒu:趨 da:墶繨 dang:當 diàn:唸墊澱鈿電 diào:弔窵糶綢蓧誂調趙釣銚銱 dié:嵽疊絰諜軼鐵鰈鰨
diān:佔巔癲詀顛 diāo:彫琱軺鯛鵰 diū:丟銩 diǎn:點 diǎo:鳥鵃 duàn:斷籪緞鍛 duì:兌奪對懟濧綐鈗鋭錞鐓隊
duò:墮詑錞飿馱點 duó:凙奪敓澤襗鐸鮵 duī:鎚鐓 duō:鄲 duǐ:謉 duǒ:嚲橢綞鍺 dài:帶紿螮詒貸軑載遞靆馱駘
dàn:僤單壇彈憚撣擔癉訑誕譂贉贍 dàng:場壋擋檔燙瑒璗當瘍盪碭蕩讜 dào:儔導幬檮濤燾盜薵
dá:僤噠憚薘躂達鐽韃 dèng:鄧鐙 dé:鍀 dì:嵽弔約締螮諟諦遞題 dìng:訂釘鋌錠飣 dí:敵滌糴蓧覿適鍉鏑頔
dòng:倲凍動棟絧腖衕詷駧 dòu:瀆竇讀閗餖鬥 dù:塗詫鍍 dùn:燉鈍頓 dú:嬻櫝殰瀆牘犢獨瓄竇讀頓黷 dā:噠鎝
dāi:獃 dān:單擔殫癉簞覘鄲 dāng:噹檔璫當簹襠鐺 dāo:魛 dēng:燈鐙 dī:磾鍉鏑 dīng:釘
dōng:倲埬崬東氭蝀鶇鼕 dū:闍 dūn:噸燉鐓 dǎn:單嘽撣燀癉紞膽 dǎng:擋欓灙讜黨 dǎo:導島嶹搗擣禱隯鳥 dǐ:詆
dǐng:頂 dǒu:鈄 dǔ:篤賭鍺 dǔn:躉 fà:琺髮 fàn:氾汎範販軬釩飯 fàng:紡 fá:撥汎罰貶閥
fán:楓氾渢煩礬釩鐇鷭 fáng:魴鰟 fèi:廢曊櫠紼襏費鐨鯡 fèn:僨噴墳奮幩憤糞膹賁魵鱝 fèng:縫諷賵風鳳鵬
féi:賁 fén:墳幩濆羵豶賁鐼頒魵 féng:渢縫馮 fù:報婦復緮縛複訃負賦賻駙鮒鰒
fú:彿紱紼絥複費輻錇韍韛颰鮄鳧鴔鵩 fā:發醱 fāng:鈁 fēi:緋飛騑鯡 fēn:紛訜鈖錀
fēng:偑峯楓灃瘋碸豐鋒風麷 fěi:誹 fěng:諷風 fū:膚鈇麩麬 fǎ:鍅髮 fǎn:釩 fǎng:紡訪鶭 fǒu:鴀
fǔ:嘸撫輔鈇頫鳬 guo:過 guà:掛詿 guài:噲 guàn:慣摜櫬權觀貫鏆鰥鸛 guàng:廣擴
guì:偽劊劌匱媯槶檜櫃癐瞶簂繪襘規貴鱖 guò:過 guó:國幗摑漍簂膕 guā:煱諣銛颳騧鴰 guāi:摑
guān:淪綸觀閞關鰥 guāng:廣輄 guī:媯嬀槼歸潙璝規閨鬹鮭龜 guō:咼嘓堝楇渦濄蟈過鈛鍋 guǎ:剮咼 guǎi:枴柺
guǎn:幹舘輨館 guǎng:廣獷 guǐ:匭詭謉軌 guǒ:槨蝸錁鍋餜 gài:磑蓋鈣隑 gàn:幹榦紺贑贛 gàng:戇掆槓鋼
gào:誥鋯 gá:軋釓 gè:個箇鉻 gèn:亙揯 gèng:亙恆 gé:擱鉀鎘閣閤韚頜騔鮯 gòng:嗊貢贛 gòu:夠構覯詬購鉤鴝
gù:僱鈷錮顧鯝 gú:鶻 gā:夾 gāi:該賅閡隑 gān:尷幹乾諴飦 gāng:剛岡崗掆棡碙綱鋼頏 gē:擱紇鉻鉿鎶閘閤鴐鴿
gēng:絙賡鶊 gě:個嗰蓋魺 gěi:給 gěng:綆頸鯁 gōng:宮碽篢紅魟龔 gōu:區溝緱鈎鉤韝鴝 gū:軲轂鈲鴣
gǎn:桿稈篢趕鱤 gǎng:崗溝 gǎo:縞鎬 gǒng:嗊礦鞏 gǒu:鮈 gǔ:穀縎蠱詁賈轂鈷離餶鵠 gǔn:渾滾緄緷袞輥錕鯀鰥
huai:劃 huà:劃嫿樺澅畫畵華話諣鮭 huài:壞 huàn:喚奐換渙煥環瘓綄鯇鯶 huá:劃嘩學澮獪華譁鏵驊鷨
huái:壞懷 huán:環瓛絙綄繯還鉮鍰鐶闤 huáng:鍠鐄餭騜鰉黃
huì:匯噦墮壞彙會檜殨滙澮燴獩璯穢繢繪翽蒐薈襘誨諱譓賄銊闠靧頮 huí:繢迴違韋鮰 huò:楇獲禍穫膕貨過鑊隻
huā:嘩華蒍 huān:歡鴅鸛 huī:噅墮媈戲揮撝暉椲煇煒琿翬褘詼輝鑴 huō:鍃騞 huǎn:緩 huǎng:謊 huǐ:毀燬譭
huǒ:鈥夥 hài:閡駭 hàn:桿漢灘閈頷馯駻 hàng:頏 hào:灝號鎬顥 há:蝦 hái:還頦 hán:幹榦鈐韓頜馯魽
háng:絎頏 háo:膠號蠔 hè:嚇賀鬩鵠鶡鶴 hé:咼紇繳覈輅轄鑉閡闔頜餄魺鶡齕 héng:恆橫鴴 hòng:訌鬨鴻
hòu:詬後鮜鱟 hóng:紅紘綋葒鉷鋐閎魟鴻黌 hóu:鍭餱 hù:嚛戶滬穫護鱯鸌 hùn:渾緄諢
hú:壺礐縎衚鈷餬鬍鵠鶘鶦鶻 hún:堚揮渾煇琿緄緡餛餫 hā:鉿 hān:頇魽 hē:訶 hěn:詪 hōng:輷轟 hū:惡戲軤
hūn:葷閽 hǎn:軒闞 hǒng:嗊 hǔ:滸許鯱 jie:價 jià:價賈駕駱
jiàn:劍塹梘檻淺漸澗濫濺監聻艦薦見諓諫譖賤踐鍊鍵鑑鑒閒間餞 jiàng:將強漿紅絳醬
jiào:學嶠敎橋絞繳覺較轎餃 jiá:夾莢蛺郟鋏頡頰餄鵊 jiáo:矯 jiè:屆誡 jié:傑潔節紇結脥訐詰頡鮚
jiù:廄欍舊鷲 jiā:傢夾挾梜浹筴鉿鎵駕 jiān:堅姦戔樫殲淺漸濺監箋籛緘縑纖艱蕳軒鐧閒間韉鰜鰹鳽鶼
jiāng:將槳殭漿繮蔣薑螿韁鱂 jiāo:僥嬌憢撟橋澆矯膠蕎轇鐎驕鮫鵁鷦 jiē:嚌癤節結謯鍇階 jiě:鍇
jiōng:瀅絅駉駫 jiū:糺糾繆鬮鳩 jiǎ:檟蝦賈鉀
jiǎn:儉戩揀撿梘檢減瞼礆筧簡籛繭襇襉謭譾醶錢錽鐧閒間險騫鹹鹼齊 jiǎng:奬將槳獎蔣講
jiǎo:僑僥卻喬撟攪橋矯糾絞繳腳膠蟜譑蹻鉸餃 jiǒng:熒熲絅鎣 jiǔ:糺 juàn:捲絹縳鋗雋 juè:誳
jué:構決灍絕絶腳蕝覺訣譎蹻較鐍鐝钁闋闕駃騤鱖鴃鶌 juān:鋗鎸鐫鵑 juē:屩撧蹻鞽 juǎn:捲錈
jì:劑嚌幾擊旣檵櫅濟璾紀結繫繼薊薺襀覬計訐記誋際霽騎驥魥鮆鯽鰶鱀鱭齊
jìn:僅儘勁壗晉濜燼璡盡紟縉藎覲贐進鋟 jìng:俓凈勁弳徑桱淨痙競經脛葝逕鏡陘靚靜 jí:卽極級緝蠀覿輯鶺
jù:劇寠屨懼據窶簍蔞處詎貗鄒鉅鋸雛颶駒鮍 jùn:儁雋餕駿 jú:侷蹻鋦雛駶鶪
jī:勣嘰幾擊機櫅璣磯積緝績羈蘄襀覘譏賫跡蹟躋銈錤隮雞飢饑鷄齊齎齏 jīn:濜璡紟釒釿 jīng:徑涇經荊莖驚鯨鶄
jū:俥車鋦鋸駒驕鮈 jūn:皸軍鈞銁鮶龜 jǐ:幾擠極濟紀給蟣蟻颳魢 jǐn:僅儘巹盡緊謹錦饉 jǐng:剄烴獷頴頸
jǔ:櫸欅舉鋤榘齟 kuài:儈噲塊會檜澮獪璯膾蕢鄶駃鬠鱠 kuàng:壙廣曠況礦纊貺鄺 kuáng:誑鵟
kuì:匱嘳嬇巋憒歸殨潰瞶簣聵蕢謉饋 kuí:歸闋騤鮭 kuò:噲擴會燭鄺闊鬠 kuā:華誇 kuān:寬臗髖 kuāng:誆
kuī:巋窺蒍虧 kuǎ:楇錁 kuǎi:擓 kuǎn:顆 kuǎng:儣壙 kuǐ:窺頃頍 kài:喫愾 kàn:監薟闞餡 kàng:鈧閌 kào:銬鮳
kè:剋緙課錁騍龕 ké:殼頦 kòu:區溝釦 kù:嚳庫絝褲 kùn:睏 kāi:鐦開 kān:龕 kāng:鱇 kē:痾軻鈳鉿錒頦顆
kēi:剋 kēng:硜脛鉺鏗 kě:顆 kěn:墾懇頎齦 kōu:剾嫗彄摳毆瞘 kūn:崑瑻褌錕頑餛騉鯤鰥鵾
kǎi:凱剴塏愷豈鍇鎧閡闓 kǎn:檻轗 kǎng:骯 kǎo:撟 kǔn:壼綑閫齦 la:藍 le:餎
liàn:孌戀撿攣欄殮瀲煉練連鍊鏈鰊鱄 liàng:兩涼諒輛鍄 liào:療繆釕
lián:嗹奩憐斂槤漣璉簾縺聯蓮褳連鎌鏈鐮鰱 liáng:樑涼糧綡諒輬靚 liáo:勞樂療繆繚遼鏐鐐鷯
liè:爄獵綟臘鮤鱲鴷 liù:鎦鏐陸餾鷚 liú:劉瀏鎦鏐飀餾騮鶹 liē:倈 liū:瀏 liǎ:倆
liǎn:斂槤璉臉蓮薟蘞襝輦連醶 liǎng:倆兩啢掚蹣閬魎 liǎo:繆釕 liǔ:僂綹蔞鉚鋶 lou:嘍 luo:囉羅 luàn:亂
luán:圞孌孿巒攣欒灤臠鑾鸞 luò:樂櫟濼爍犖礫絡躒邏鉻駱 luó:儸囉欏玀籮羅腡蘿蝸覼邏鏍鑼饠騾 luō:囉羅
luǎn:孌 luǒ:欏鎯 là:攋癩臘蠟鑞鯻鱲 lài:來倈勑厲婡徠懶攋瀨癘癩睞籟襰誺賚賴釐顂 làn:濫煉爛覽諫連鑭闌
làng:閬 lào:勞嘮橯澇癆絡耮 lái:來倈婡崍徠棶淶萊釐錸顂麳 lán:囒嵐攔斕欄漣濫瀾灡璼籃繿藍蘭襤襴讕躝鑭闌
láng:鋃鎯 láo:勞嘮嶗朥澇癆鐒 lè:樂鰳 lèi:淚纇纍類 lèng:稜 léi:壘婁盧縲纍虆轠鐳 léng:稜
lì:儷勵厤厲嚦壢孋慄擽曆櫟櫪欐歷淚濼濿瀝爄瓅癘癧礪礫糲綟蒞藶蝕蠣躒轢轣酈鉝鎘鑠隸離靂 lì:颯鴗鷅麗
lìn:臨藺賃躪轔鄰閵 lí:儷孋氂灑灕犛籬縭纚蘺酈釃釐離驪鯬鱺鸝麗 lín:壣滲臨轔鄰鏻驎鱗
líng:欞淩爧稜綾軨釘鈴錂閝靈鯪鴒齡 lòng:徿蘢贚 lòu:瘺瘻鏤 lóng:嚨寵曨朧櫳瀧爖瓏矓礱籠聾蘢蝕躘鸗龍龐龓
lóu:僂嘍婁寠慺樓漊熡瞜窶耬蔞螻謱遱髏 lù:彔攄淥祿籙緑繆賁賂輅轆錄録陸騄騼鷺 lùn:侖埨論
lú:嚧壚廬曥櫨瀘爐盧矑膚臚艫蘆蠦轤鑪顱鱸鸕鹵 lún:侖倫圇崙掄淪綸菕論輪錀 lüè:擽藥鋝 lā:摺 lāo:撈
lěi:壘纍誄 lōu:摟瞜 lū:嚕擼 lūn:掄 lǎn:壈孄廩懶攬欖濫纜覽 lǎng:樠閬 lǎo:銠
lǐ:欐禮纚裏裡邐鋰離鯉鱧鱺麗 lǐn:凜廩懍檁稟 lǐng:嶺軨領 lǒng:壟壠徿攏朧篢籠蘢躘隴龓
lǒu:嘍塿嶁摟漊簍耬 lǔ:嚕擄擼櫓氌滷瀂磠艣蘆虜鐪鑥魯鹵 lǔn:埨淪 lǘ:婁廬慮樓櫚櫨瘻盧瞜膢鏤閭驢
lǚ:侶僂呂婁屢慺漊穭簍縷臚蔞褸謱鋁魯 lǜ:壘寠慮濾綠緑繂鋁録 ma:嗎麽 me:麽麼 men:們 miàn:麪麫麵
miào:廟繆 mián:綿緡 miáo:鶓 miè:滅衊 miù:繆謬 miē:羋 miǎn:澠緬靦鮸黽 miǎo:紗緲
mà:傌嗎嘜榪獁禡罵螞駡驀 mài:勱脈賣邁霢麥 màn:澫縵蔄謾鏝 mào:務貿 má:嗎麽 mán:樠瞞蠻謾蹣顢饅鰻
máng:鋩鸏龍 máo:務氂犛貓鉾錨 mèi:黴 mèn:們悶懣滿燜瞞 mèng:夢 méi:沒鋂鎇鶥黴 mén:們捫璊瞞鍆門
méng:夢懞濛矇鄳鋂霧鸏黽 mì:冪祕覓覛謐 mí:彌擟瀰獮獼瓕禰籋謎 mín:緍緡閔 míng:銘鳴 mò:歿縸纆脈鏌驀
mó:撫無謨饃麽 móu:繆謀鉾 mù:樢縸繆鉬鶩 mú:墲 mā:媽嬤螞 mān:顢 māo:貓 mēn:悶 mēng:矇 měi:鎂
měng:懞矇錳黽 mǎ:傌嗎榪獁瑪碼螞鎷馬 mǎi:嘪蕒買 mǎn:滿蟎 mǎo:鉚 mǐ:彌瀰爾羋 mǐn:憫潣簢緡繩閔閩鰵黽
mǒu:畝 mǔ:畝鉧 m̄:嘸 niàn:唸 niàng:釀 nián:鮎鯰 niáng:孃釀 niè:嚙囁攝櫱籋聶諗躡錜鎳鑷闑隉顳齧
niǎn:攆躎輦輾 niǎo:嫋樢蔦裊鳥 niǔ:紐鈕 nuàn:餪 nuò:諾鍩 nuó:儺難 nuǎn:餪 nà:吶納軜鈉 nài:錼
nàn:攤灘難 nào:澆腦鐃鬧 ná:鎿 nái:孻 nán:難 náng:噥憹譨饢 náo:憹撓橈碙蟯譊鐃 nè:訥 nèi:內 nì:濘灄膩
nìng:寧擰濘甯 ní:兒彌輗鈮鯢齯 níng:嚀嬣寧擰檸濘獰聹苧薴甯鸋 nóng:儂噥憹濃燶穠膿蕽農醲 nóu:譨 nú:駑
nüè:瘧 něi:餒餧 nǎng:饢 nǎo:堖惱憹腦膠 nǐ:擬瀰爾禰聻鈮 nǐng:擰 nǒng:繷 nǚ:釹 ou:嘔 piàn:騙 piào:驃
pián:璸緶諞辯駢 piāo:縹飄驫 piǎn:諞 piǎo:縹 pàn:詊 pào:皰礮 pá:鈀 pán:審瀋盤蹣 páng:鰟龎龐 páo:鉋颮
pèi:浿轡 pèn:噴 péi:賠錇 péng:鵬 pì:罷鈲闢鷿鸊 pí:紕罷羆鈹頗鮍鵧 pín:嬪矉蘋蠙貧頻顰
píng:憑蘋評軿馮鮃 pò:醱釙頗 póu:錇 pù:鋪 pú:僕樸鏷鵏 pān:姍賁 pāng:鎊 pāo:拋鮑 pēn:噴濆
pī:紕鈈鈹鎞闢駓鮍 pō:潑濼醱釙鉕鏺頗 pū:僕撲鋪鯆鵏 pǎn:闆 pǒ:鉕頗駊 pǔ:樸譜鐠 qià:鮚
qiàn:俔塹廞槧淒牽綪縴鰜 qiàng:嗆戧搶熗蹌 qiào:嘺殻殼磽竅翹誚譑譙蹺 qián:漸潛灒燖乾蕁鈐鉆鉗錢鍼馯騚騝
qiáng:墻嬙廧強檣牆薔 qiáo:僑喬嘺嶠橋犞礄翹蕎蟜譙鐈鞽驕 qiè:愜竊篋鍥魥鰈 qióng:煢瓊窮藭
qiú:巰虯賕釓釚銶鯄鰽鳩 qiān:僉慳牽簽籤縴羥謙遷釺鈆鉛鋟開韆顅騫鳽鵮鶼
qiāng:創嗆將嶈慶戧搶槍瑲蹌錆鏘鏹鶬 qiāo:幓橋磽窯繰蹺蹻銚鍬鞽 qiū:區鞦鰌鰍鶖龜 qiǎ:價 qiǎn:淺繾脥譴齦
qiǎng:強搶槍繈羥鏹 qiǎo:磽 quàn:勸 quán:捲槫權純詮輇銓顴鰁鸛 què:卻愨慤確礐闋闕鳥鵲 quān:駩 quē:決闕
quǎn:綣 qì:悽愾棄氣漬磧緝薺訖 qìn:儭撳櫬欽 qìng:廎慶硜親請輕
qí:幾旂棊濟碕臍薺蘄蟣蠐軝錡隑頎饑騎騏鯕鰭齊 qín:蘄 qíng:葝請鯨 qù:覷誇趨闃 qú:鉤鮈鴝 qún:羣
qī:悽慼棲榿淒碕緝鏚鸂 qīn:儭嶔欽滲親鋟頜駸 qīng:傾廎慶氫綪輕頃鯖鶄 qū:區嶇毆組脥詘誳趨軀騶驅麴鶌麯
qǐ:啓啟碕綺豈齮 qǐn:寢鋟 qǐng:傾廎涇請頃 qǔ:詓齲 ruì:鈉銳鋭 ruí:綏 ruò:爇 ruǎn:軟 ràng:讓 rào:撓繞蟯
ráng:孃鑲 ráo:嬈橈蕘襓饒 rè:熱 rèn:紉紝絍訒認軔韌飪 rì:馹 róng:嶸榮爃絨蠑鎔頌 róu:輮鍒 rù:縟
rùn:潤閏 rú:繻銣顬鴽 rún:瞤 rǎng:纕 rǎo:嬈擾繚繞 rǒng:縟 rǒu:輮 shuài:帥 shuàn:專槫 shuì:涗稅説
shuí:誰 shuò:數爍療碩藥銏鎙鑠 shuā:選 shuāi:綏縗 shuān:閂 shuāng:孇瀧雙騻驦鸘 shuō:說説 shà:廈攝
shài:曬殺 shàn:僤單墠壇撣擔攙樿禪繕蟬訕謆贍釤銏鐥騸鱔鱣 shàng:緔鞝 shào:燒紹 shè:厙懾攝欇灄聶葉設
shèn:滲瘮腎鋠 shèng:勝繩聖 shé:鉈闍 shéi:誰 shén:鉮 shéng:澠繩
shì:勢屍弒殺澤繹蒔視試諟諡謚識貰軾遞適釋鈰鉽鍉鎩飭飾 shí:塒實時溡蒔蝕識飠鰣 shòu:壽濤獸綬鏉
shù:數朮樹竪術豎贖輸鉥鷸 shùn:瞤順 shú:孎蠾贖 shā:剎挱摋樧殺紗賒鎩魦鯊 shāi:篩諰釃
shān:刪姍幓摻柵穇纔羶軕釤顫 shāng:傷場殤湯觴 shāo:燒綃 shē:賒輋 shēn:參幓糝紳綝蔘詵鉮駪鰺
shēng:昇聲陞 shě:捨 shěn:嬸審槮瀋諗讅 shī:屍師溮溼濕灑獅篩絁蝨訑詩釃鉈鯴鰤鳲鳾 shū:攄書樞紓紵綀軗輸
shǎi:摋 shǎn:摻熌閃陝顃 shǎng:曏賞 shǐ:駛 shǔ:屬數籔藪藷鐲 si:廁 suàn:選 suì:嵗歲繐繸誶鐩隊
suí:綏遺隨 suò:歲 suān:痠 suī:綏縗雖 suō:戲挱犧獻簑縮魦 suǒ:嗩瑣鎈鎍鎖 sà:摋殺薩鈒鎝鏾颯 sài:賽
sàn:閐鬖 sàng:喪 sào:掃 sè:嗇廧懎漬澀穡繬薔譅鉍銫鎍鎩飋 sì:瀃釲飴飼駟騃 sòng:訟誦頌餸鬆 sòu:擻謏
sóng:鬆 sù:泝潚縮肅訴謖遡鋉餗驌鷫 sā:挱 sāi:鰓 sān:參毿糝蔘鬖 sāng:喪纕 sāo:繅繰颾騷鰠鰺鱢
sēn:摻槮滲 sī:俬噝廝糹絲緦螄鍶颸鷉鷥麗 sōng:鍶鬆 sōu:潚蒐鎪鏉颼颾餿騪 sū:卹囌甦穌蘇 sūn:孫猻蓀飱
sǎ:灑纚 sǎn:傘參糝蔘鏾饊 sǎng:顙 sǎo:掃騷 sǒng:慫聳蓯 sǒu:擻籔藪謏 sǔn:損筍 tiào:糶頫 tián:撣鈿鎮闐
tiáo:條樤脩蓧調銚鰷齠 tiān:靝 tiāo:條 tiē:詀貼鉆 tiě:鋨鐵 tiǎn:覥賟銛鍩靦 tiǎo:誂 tou:頭
tuán:團專摶槫磚糰蓴鱄鶉 tuì:蛻 tuí:謉隤頹頽饋 tuò:籜蘀 tuó:磚訑詑鉈馱駝駞鮀鴕鼉 tuō:嘽挩脫託説飥
tuǒ:橢綏訑 tà:撻澾濕達闒闥韃 tài:態鈦 tàn:嘆歎賧 tàng:儻湯燙蕩鐋 tào:韜 tái:檯臺詒薹颱駘鮐
tán:單墰壇壜彈曇癉禪罈罎蕁談譚錟顃鷤 táng:鏜餳醣 táo:檮籌綯騊 tè:職蟘貸鋱 téng:謄騰鰧
tì:屜殢綈詆躍適錫 tí:綈緹蟬諦銻題騠鯷鵜鶗鷤 tòng:慟衕 tòu:綉 tóng:絧蟲衕詷銅鮦鼕 tóu:緰頭
tú:圖塗鈯駼 tún:燉純飩魨 tā:鉈 tāi:釐駘 tān:嘽撣攤漢灘癱貪 tāng:劏湯蕩鏜鐋鐺閶 tāo:濤燾絛綢縧韜頫
tī:銻體鵜鷉 tīng:廳烴綎聽 tōng:絧 tōu:鍮 tū:禿鵚 tǎ:獺鰨 tǎi:騃 tǎn:壇鉭 tǎng:儻擴欓鎲钂黨 tǎo:討
tǐ:體 tǐng:鋌頲 tǒng:統 tǒu:諭諳 tǔ:釷 wà:膃襪譁 wàn:澫綄翫莧萬贃錽 wán:紈翫頑
wèi:噲懀為爲瞶磑蝟衛謂轊遺鏏餧餵 wèn:問搵紋聞 wèng:甕 wéi:偽圍幃撝湋溈潙潿濰為爲磑維覹違闈韋鮠
wén:紋聞閿馼鳼 wò:噁臥齷 wù:務嗚噁塢悞惡烏誤霧騖鶩 wú:務吳墲廡憮無蕪鋙鵐齬 wā:媧汙窪鮭 wāi:咼喎
wān:壪彎灣貫關 wāng:瀇 wēi:癐鰃 wēn:榲溫緼藴輼轀韞鰛鰮 wēng:鎓鶲
wěi:偉偽僞巋暐椲煒瑋緯葦蒍蔿薳諉韙頠鮪 wěn:穩 wō:咼堝撾渦濄窩萵蝸 wū:嗚惡汙烏誣鄔鎢於鴮 wǎn:綰輓關
wǎng:瀇網誷輞 wǒ:咼 wǔ:務嘸埡塢嫵廡憮潕熓蕪鵡 xià:嚇廈
xiàn:俔哯峴憲撊晛梘獻現睍筧綖綫線縣羨脅莧蜆見賢軒鏾闞顯餡鮮麲 xiàng:傢嚮曏樣鄉項鬨 xiào:嘯斅斆澩較
xiá:俠夾峽浹狹硤給轄 xián:嫺嫻慳撏癇絃諴賢銜閑閒鷳鷴鹹 xiáng:詳 xiáo:絞 xiè:寫屓殺洩潰瀉紲緤褻諜謝齘
xié:協夾挾擷攜纈脅諧摺頁頡鬹鮭 xiòng:詗 xiù:綉繡銹鏥鏽 xiā:蝦鰕 xiān:姍憸秈纖薟蘞躚醶釤銑銛錟鍁鮮鶱
xiāng:廂緗纕薌鄉鑲驤 xiāo:嘮嘵囂憢撓梟毊潚瀟簫綃脩蕭蟂蠨譊銷騷驍驕鴞鵁 xiē:蠍 xiě:寫 xiōng:兇洶訩
xiū:脩饈鵂 xiǎn:嶮憲灑獫獮玁礆禰蘚蜆軒銑險顯鮮 xiǎng:嚮曏薌蠁鄉響餉饗饟鮝鯗 xiǎo:曉篠簫謏轇 xiǔ:綇
xuàn:煇絃絢絹繏選鉉鏇鐶 xuán:懸璿瓊盤縣還鏇 xuè:決謔蹻 xué:學嶨斅澩鷽 xuān:諼譞軒鋗 xuē:鞾 xuě:鱈
xuǎn:癬選饌 xì:係卻愾戱戲氣熂細綌繫謚釳鈒霼餼鬩 xìn:憖興釁 xìng:倖興 xí:擊濕習蓆襲覡騱驨鰓鰼
xín:尋鐔 xíng:娙滎熒鈃鉶陘餳 xù:卹嶼敘漵緒續規鉥銊鱮 xùn:壎孫愻筍訊訓遜 xú:謳
xún:噚尋撏樳潯燖璕紃絢蕁蟳詢鄩馴鱘 xī:戲棲犧獻義脅訢詑誒譆釐錫錯鑴餏鱚鸂 xīn:廞訢鋅 xīng:興騂
xū:嘔噓嬃緰繻虛訏諝須頊鬚 xūn:勛勳塤壎煇燻篔纁葷 xǐ:灑璽瓕縰纚諰釐銑鱚 xǔ:滸盨訏許詡 yo:喲嚛
yuàn:緣遠願 yuán:員園圓櫞緣貟轅隕騵鶰黿 yuè:嶽悅擽樂櫟爍粵説躍躒軏鈅鉞鋭鑠鑰閱閲鸑 yuān:淵鳶鴛鵷
yuē:彠約 yuě:噦 yuǎn:薳遠願 yà:亞埡堊壓婭掗氬稏訝軋輅錏齾
yàn:厭嚥彥灧灩硯艷覎諺讌讞豔贋贗這醶釅閻饜騴驗鴳鹽麲 yàng:樣煬養 yào:樂瘧窯約葯藥銚鑰颻驁鷂 yá:釾顔
yán:嚴巖巗綖薟訁贗鉛閆閻險顏顔鹽 yáng:將揚暘楊湯煬瑒瘍詳鍚陽颺鰑
yáo:僥堯嶢搖猶瑤窯蕘謠謡踰軺遙銚颻餚鰩鷂 yè:擫曄業燁瓛緤聶葉謁鄴靨頁饁 yé:爺釾鋣餘
yì:億勩厭囈嶧憶懌擇洩澤異瘞瘱紲縊繶繹義藝虉襗詣誒誼謚譯議軼輗釋釴鈠鎰鐿驛鷁鷊鷖 yìn:廕憖猌蔭陰隱飲鮣
yìng:嬰應瀅繩 yí:儀礙維義訑詑詒貽遺鉈頤飴 yín:憖檭欽潯訢誾釿銀鷣齗齦
yíng:俓塋滎濚瀅瀠熒營瑩縈螢蠅贏鎣 yòng:傭醟 yòu:誘銹 yóng:顒鰫鱅 yóu:猶蕕輶遊郵鈾魷鮋
yù:嫗慾澦獄癒禦籲與蕷蟈語諭譽軉輿菸鈺錥鐍閼閾預飫馭鬱鱊鴥鵒鷸
yùn:員惲慍暈煇熅緷緼縕腪薀藴蘊運鄆醖醞韞韻餫 yú:吳娛歟汙漁璵籅緰與覦諛貗踰輿鋙於顒餘騟魚鱮
yún:勻員溳澐熉筍篔紜蕓鄖雲 yā:亞厭啞埡壓婭椏烏錏閘鴉鴨鵪 yān:厭懨煙菸醃閹閼 yāng:鉠鴦 yāo:約訞 yě:蠱
yī:億戲禕褘詑醫銥鷖 yīn:絪緸蔭諲銦闇闉陰駰 yīng:啢嚶嬰孆孾應攖櫻滎瓔緓纓罃罌莖鍈鎣鶯鷹鸚 yō:喲
yōng:傭擁癰鏞鱅 yōu:優憂 yū:汙紆菸於 yūn:暈氳蒕贇輼頵 yǎ:啞婭掗瘂鴉
yǎn:儼兗厭厴噞嚴嶮巘瓛縯菴錟閻靨魘鰋鶠黶鼴齗齴龑 yǎng:癢養駚 yǎo:嚙嬈齩 yǐ:礒綺艤蟻輢醫釔錡靉顗齮
yǐn:癮縯蘟釿闇隱飲齗 yǐng:巊潁瑩癭穎頴 yǒng:湧詠踴鯒 yǒu:脩銪 yǔ:俁傴嫗嶼與語鋙齬 yǔn:殞溳鈗隕霣
zhuàn:傳囀摶縳賺轉饌 zhuàng:壯戇狀贛 zhuì:墜綴縋贅鎚隊 zhuó:梲準濁繳諑蹠鐯鐲鵫鷟 zhuā:撾
zhuān:專摶磚膞諯鄟顓鱄 zhuāng:壯妝樁莊裝 zhuī:錐騅 zhuǎi:轉 zhuǎn:竱膞轉 zhà:柵詐吒鮓齰
zhài:債簀責駘 zhàn:佔單嶘戰斬棧綻詀謙顫驏驙 zhàng:帳張漲痮脹賬長 zhào:詔趙鮡 zhá:軋鍘閘鰈 zhái:擇
zhè:這鷓 zhèi:這 zhèn:紖誫賑鉁鎭鎮陣陳鮝鴆 zhèng:倀幀爭証諍證鄭 zhé:囁攝聶蟄襵謫讋軼輒轍適摺鮿鷙
zhì:實幟摯擲櫍櫛滯緻織製觶誌識質贄躓輊遲銍鑕駤騭鳩鷙 zhí:執縶職贄蹠躑酈 zhòng:眾種緟蟲衆諥
zhòu:冑晝皺紂紬縐葤薵軸鈾駎騶驟 zhóu:軸 zhù:佇眝竚築紵苧註貯鑄駐 zhùn:綧飩 zhú:劚孎斸朮欘燭爥築蠾軸
zhā:囃査紮謯吒齟 zhāi:側嚌齊齋 zhān:氈詀譫霑飦饘驙鱣鳽鸇點 zhāng:張漲餦鱆 zhāo:詔釗鉊鼂
zhēn:偵楨湞眞禎貞針鉁鍼鎮 zhēng:偵崢掙爭猙癥睜禎箏綪諍貞徵鉦錚鯖 zhě:襵鍺 zhěn:縝診軫
zhī:擲梔織躓隻鳷鴲 zhōng:終衆鈆鈡鍾鐘 zhōu:皺縐調諏謅譸賙輈輖週銂鵃 zhū:櫧櫫瀦硃藷誅諸豬銖騶
zhūn:純諄 zhǎ:謯鮓鮺 zhǎn:嶄撣斬棧盞輾颭 zhǎng:漲長鞝 zhǐ:紙絺訨軹徵 zhǒng:塚種腫 zhǒu:鯞
zhǔ:囑屬斸矚詝 zhǔn:準純綧 zuàn:欑賺鑽 zuì:蕝雋 zuò:鑿飵 zuān:攢躦鑽 zuī:纗 zuǎn:纘 zuǒ:繓 zài:儎載
zàn:攢暫淺濺灒瓚讚贊蹔酇鏨 zàng:臟 zào:皁竈譟鑿 zá:雜 záo:鑿 zè:側廁 zèn:譖 zèng:綜繒贈鋥
zé:則嘖幘擇澤皟簀蘀襗謫責賾飵鰂齰 zéi:賊鯽鰂 zì:漬眥資輜 zòng:從瘲糉綜縱錝 zòu:媰 zù:駔 zùn:鱒
zú:鏃鑿 zā:灒紮臢鉔 zāi:災載 zān:篸臢 zāng:贓贜髒 zēng:繒 zī:澬璾純緇茲諮貲資載輜錙鎡鯔鰦齊齜
zōng:從樅綜總豵蹤騌 zōu:芻諏鄒騶鯫 zū:趲 zūn:鐏鱒鷷 zǎ:囃 zǎi:載 zǎn:攢趲 zǎng:駔髒 zǎo:棗繅繰
zǐ:釨鋅 zǒng:傯從縱總蓯 zǔ:組詛謯駔 ài:噯嬡愛曖璦礙薆鑀閡靉 àn:闇頇鮟 ào:奧澆驁鷔 ái:獃皚磑捱隑騃
áo:囂磽謸鰲鷔 è:亞啞埡堊惡諤軛鍔閼顎餓魥鰐鱷鴳鶚齶齾 èi:誒 èr:貳鉺 é:偽蒍訛鈋鋨額鵝 éi:誒 ér:兒鮞鴯
ê̄:誒 ê̌:誒 òu:嘔慪漚熰 ā:錒 āi:剴噯諰捱鎄 ān:菴諳鉗闇陰鮟鴳鵪 āng:醃骯 ē:痾 ēi:誒 ě:噁惡椏玀 ěi:誒
ěr:爾邇鉺餌 ōu:區嘔塸慪摳樞歐毆漚熰甌紆謳鷗 ǎi:噯藹謁靄 ǎn:銨闇 ǎo:媼襖 ǒu:嘔歐澫甌 ḿ:嘸 ế:誒 ề:誒
"""

# The characters sample 003 annotates (every occurrence, in every clean line): such a
# character rebuilt with no annotation after it proves a loss.
_ALWAYS_ANNOTATED: Final = frozenset(
    "個側價優儲內創動務勵區協嚴團執堅報學實對導強復態應戰揚擔據擴數時會業構標機權準濟災"
    "獎現環產當發監礎穩節級細結絡統經網續習聯臺藍號術衛補規計訓設評認調請識護負財責費貿"
    "質轉農進運達鄉醫鎮關隊險項預領風養驗點"
)

# Punctuation a rebuilt character may be: the page's own marks and their full-width forms.
_PUNCTUATION: Final = frozenset("、。·—…‘’“”〔〕〈〉《》「」『』【】，．：；？！（）％＋－／")

# The page folded full-width forms to ASCII; a rebuilt one is folded the same way.
_FOLD_FULLWIDTH: Final = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _load_readings() -> tuple[dict[str, frozenset[str]], frozenset[str]]:
    readings: defaultdict[str, set[str]] = defaultdict(set)
    for item in _READING_TABLE.split():
        syllable, characters = item.split(":")
        for character in characters:
            readings[character].add(syllable)
    frozen = {character: frozenset(found) for character, found in readings.items()}
    syllables = frozenset(syllable for found in frozen.values() for syllable in found)
    return frozen, syllables


_READINGS, _SYLLABLES = _load_readings()


def _index_by_byte(position: int) -> dict[tuple[int, str], tuple[bytes, ...]]:
    index: defaultdict[tuple[int, str], list[bytes]] = defaultdict(list)
    for character, syllables in _READINGS.items():
        code = character.encode("gbk")
        for syllable in syllables:
            index[code[position], syllable].append(code)
    return {key: tuple(sorted(codes)) for key, codes in index.items()}


# (lead byte, syllable) and (trail byte, syllable) -> GBK codes of annotatable characters.
_BY_LEAD: Final = _index_by_byte(0)
_BY_TRAIL: Final = _index_by_byte(1)

_LETTERS = "".join(sorted({letter for syllable in _SYLLABLES for letter in syllable}))
# "?" + pinyin + ")" (an annotation whose "(" was eaten), or an intact "(pinyin)".
_ANNOTATION = re.compile(rf"\?([{_LETTERS}]{{1,7}})\)|\(([{_LETTERS}]{{1,7}})\)")


@cache
def _t2s() -> Any:
    from opencc import OpenCC  # imported lazily: loading its dictionaries costs ~0.1 s

    return OpenCC("t2s")


@cache
def _simplified(character: str) -> str:
    """What the later stage makes of one original character: simplified, full-width folded."""
    converted: str = _t2s().convert(character)
    return converted.translate(_FOLD_FULLWIDTH)


def _in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


@cache
def _plausible(character: str) -> bool:
    """Could the page have printed this character? Chance byte pairs mostly could not."""
    if character in _PUNCTUATION:
        return True
    if "\uff10" <= character <= "\uff5a":  # full-width digits and letters
        return character.translate(_FOLD_FULLWIDTH).isalnum()
    if not "\u4e00" <= character <= "\u9fff":
        return False
    return _in_gb2312(character) or _in_gb2312(_t2s().convert(character))


def _decode_pair(lead: int, trail: int) -> str | None:
    try:
        return bytes((lead, trail)).decode("gbk")
    except UnicodeDecodeError:
        return None


@cache
def _unfolded(byte: int) -> bytes | None:
    """The GBK code of the full-width form that the page folded to this ASCII byte, if any
    ("N" was Ｎ A3 CE, "~" was ～ A1 AB, " " was the ideographic space A1 A1)."""
    if byte == 0x20:
        return b"\xa1\xa1"
    if not 0x21 <= byte <= 0x7E:
        return None
    code = _gbk(chr(byte + 0xFEE0))
    return code if code is not None and len(code) == 2 else None


def _code(character: str) -> bytes:
    return character.encode("gbk")


def _gbk(character: str) -> bytes | None:
    if character == "€":
        return b"\x80"  # a lone 80 byte, which cp936 readers print as the euro sign
    try:
        return character.encode("gbk")
    except UnicodeEncodeError:
        return None


# --- tokens -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: Literal["char", "eaten", "note"]  # a character, "?pinyin)", "(pinyin)"
    start: int
    end: int
    value: str  # the character, or the pinyin syllable


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    for match in _ANNOTATION.finditer(text):
        syllable = match.group(1) or match.group(2)
        if syllable not in _SYLLABLES:
            continue  # "(abc)" that is no pinyin stays plain characters
        tokens.extend(_Token("char", i, i + 1, text[i]) for i in range(position, match.start()))
        kind: Literal["eaten", "note"] = "eaten" if match.group(1) else "note"
        tokens.append(_Token(kind, match.start(), match.end(), syllable))
        position = match.end()
    tokens.extend(_Token("char", i, i + 1, text[i]) for i in range(position, len(text)))
    return tokens


# --- the search over readings -----------------------------------------------------------

_Kind = Literal["keep", "fixed", "partial", "garbled"]


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    text: str
    kind: _Kind


_Candidates = tuple[str, ...]  # the original characters one position may be; () = lost


class _TooMany(Exception):
    """The printout allows too many readings to compare."""


class _Search:
    """Every reading of a cell's printout that the garbling process can explain.

    A reading walks the tokens in step ("aligned") or one byte off, and costs one for every
    span whose bytewise rebuild is contradicted (a proven hidden loss).
    """

    def __init__(self, text: str, tokens: list[_Token]) -> None:
        self.text = text
        self.tokens = tokens
        self.readings: list[tuple[int, tuple[_Segment, ...]]] = []
        self.steps = 0

    def _tick(self) -> None:
        self.steps += 1
        if self.steps > _MAX_STEPS or len(self.readings) > _MAX_READINGS:
            raise _TooMany

    # In step: everything is printed as it was, up to the next "?pinyin)", which can only be a
    # spurious annotation that put the reader off step.
    def aligned(
        self, index: int, segments: tuple[_Segment, ...], cost: int, carry: frozenset[int] = frozenset()
    ) -> None:
        """``carry``: the possible trail bytes of the character a span just closed with, when
        that span ended in "?pinyin)" right before ``index``."""
        if index < len(self.tokens) and self.tokens[index].kind == "eaten" and carry:
            self._open(index, segments, cost, carry)
            return
        kept = list(segments)
        while index < len(self.tokens) and self.tokens[index].kind != "eaten":
            self._tick()
            token = self.tokens[index]
            kept.append(_Segment(token.start, token.end, self.text[token.start : token.end], "keep"))
            index += 1
        if index == len(self.tokens):
            self.readings.append((cost, tuple(kept)))
        else:
            before = self._trail_before(index)
            self._open(index, tuple(kept), cost, frozenset(() if before is None else (before,)))

    def _open(self, index: int, segments: tuple[_Segment, ...], cost: int, befores: frozenset[int]) -> None:
        # The spurious character is [trail byte of the character before, L]; its pinyin gives L,
        # which is also the lead byte of the first original character of the span.
        syllable = self.tokens[index].value
        leads = {
            code[1] for before in befores for code in _BY_LEAD.get((before, syllable), ()) if code[1] >= 0x81
        }
        if not leads:
            self._lost_in_span(index, index + 1, segments, cost)
        else:
            self._off_step(index, index + 1, frozenset(leads), (), True, segments, cost)

    def _trail_before(self, index: int) -> int | None:
        noted = index > 0 and self.tokens[index - 1].kind == "note"
        if noted:
            index -= 1  # X(x)?s): the straddle [trail of X, L] was cut by X's own annotation
        if index == 0 or self.tokens[index - 1].kind != "char":
            return None  # at the start, or after an "?pinyin)" that did not close a span
        code = _gbk(self.tokens[index - 1].value)
        if code is None:
            return None
        if len(code) == 2:
            return code[1]
        if code[0] < 0x80 and not noted:
            unfolded = _unfolded(code[0])  # ASCII here can only be a folded full-width form
            return None if unfolded is None else unfolded[1]
        return None

    def _off_step(
        self,
        span: int,
        index: int,
        leads: frozenset[int],
        rebuilt: tuple[_Candidates, ...],
        first: bool,
        segments: tuple[_Segment, ...],
        cost: int,
    ) -> None:
        """Walk off step from token ``index``; ``leads`` are the possible lead bytes of the
        original character being completed; ``first`` says that character may have been split
        by a spurious annotation (and so may lack its own)."""
        tokens = self.tokens
        while True:
            self._tick()
            if index == len(tokens):
                # The cell ends off step: the last character's trail byte is not printed.
                self._close(span, len(self.text), index, (*rebuilt, ()), segments, cost)
                return
            token = tokens[index]
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if token.kind == "eaten":
                # A genuine annotation: "?" ate [trail byte L, "("]; [lead, L] reads so.
                found = _complete_by_pinyin(leads, token.value)
                if not found:
                    self._lost_in_span(span, index, segments, cost)
                else:
                    self._close(span, token.end, index + 1, (*rebuilt, found), segments, cost)
                return
            if token.kind == "note":
                self._lost_in_span(span, index, segments, cost)  # cannot follow "?" or ")"
                return
            code = _gbk(token.value)
            if code is None or (len(code) == 1 and code[0] > 0x80):
                self._lost_in_span(span, index, segments, cost)  # the GBK reader cannot print it
                return
            if len(code) == 2:
                # A printed pair [trail of this character, lead of the next one].
                found = _complete(leads, code[0], annotated=None, may_lack_note=first)
                if not found:
                    self._lost_in_span(span, index, segments, cost)
                    return
                rebuilt = (*rebuilt, found)
                leads = frozenset((code[1],))
                first = False
                index += 1
                if following is not None and following.kind == "note":
                    # Printed whole off step, so a spurious annotation of this very pair; the
                    # character it split may lack its own annotation.
                    if following.value not in _READINGS.get(token.value, frozenset()):
                        self._lost_in_span(span, index, segments, cost)
                        return
                    index += 1
                    first = True
                continue
            self._ascii(span, index, code[0], leads, rebuilt, first, segments, cost)
            return

    def _ascii(
        self,
        span: int,
        index: int,
        byte: int,
        leads: frozenset[int],
        rebuilt: tuple[_Candidates, ...],
        first: bool,
        segments: tuple[_Segment, ...],
        cost: int,
    ) -> None:
        tokens = self.tokens
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and following.kind == "note":
            # The reader met this byte where a lead was due, so it is the trail byte of a
            # character that the intact "(pinyin)" after it annotates: back in step.
            found = _complete(leads, byte, annotated=following.value, may_lack_note=first)
            if found:
                self._close(span, following.end, index + 2, (*rebuilt, found), segments, cost)
            else:
                self._lost_in_span(span, index, segments, cost)
            return
        explained = False
        if 0x40 <= byte <= 0x7E or byte == 0x80:
            # Reading 1: an ASCII-range trail byte, printed alone; back in step after it.
            found = _complete(leads, byte, annotated=None, may_lack_note=first)
            if found:
                explained = True
                self._close(span, tokens[index].end, index + 1, (*rebuilt, found), segments, cost)
        if byte == 0x3F:
            # Reading 2: "?" ate [trail byte, an ASCII character of the page]; both lost. At the
            # end of the cell the eaten byte is the padding before the next "|", not text.
            lost: tuple[_Candidates, ...] = ((),) if following is None else ((), ())
            explained = True
            self._close(span, tokens[index].end, index + 1, (*rebuilt, *lost), segments, cost)
        unfolded = _unfolded(byte)
        if unfolded is not None:
            # Reading 3: a printed pair that was folded from full width later; still off step.
            found = _complete(leads, unfolded[0], annotated=None, may_lack_note=first)
            if found:
                explained = True
                self._off_step(
                    span, index + 1, frozenset((unfolded[1],)), (*rebuilt, found), False, segments, cost
                )
        if not explained:
            self._lost_in_span(span, index, segments, cost)

    def _close(
        self,
        span: int,
        end: int,
        index: int,
        rebuilt: tuple[_Candidates, ...],
        segments: tuple[_Segment, ...],
        cost: int,
    ) -> None:
        rendered = [_render(candidates) for candidates in rebuilt]
        kind: _Kind = "partial" if LOST in rendered else "fixed"
        segment = _Segment(self.tokens[span].start, end, "".join(rendered), kind)
        carry: frozenset[int] = frozenset()
        if index and self.tokens[index - 1].kind == "eaten" and rebuilt:
            # Closed by "?pinyin)": a spurious annotation right after may straddle the trail
            # byte of that last character, which only its pinyin gave.
            carry = frozenset(_code(character)[1] for character in rebuilt[-1])
        self.aligned(index, (*segments, segment), cost, carry)

    def _lost_in_span(self, span: int, index: int, segments: tuple[_Segment, ...], cost: int) -> None:
        """Bytes were lost where the printout does not show it: keep the span as printed up to
        the next certain return into step, fixing only a character fixed by its own bytes."""
        tokens = self.tokens
        start = tokens[span].start
        for at in range(index, len(tokens)):
            self._tick()
            token = tokens[at]
            if token.kind == "eaten":
                segment = _Segment(start, token.end, self.text[start : token.end], "garbled")
                self.aligned(at + 1, (*segments, segment), cost + 1)
                return
            following = tokens[at + 1] if at + 1 < len(tokens) else None
            if token.kind == "char" and following is not None and following.kind == "note":
                code = _gbk(token.value)
                if code is not None and len(code) == 1 and (0x40 <= code[0] <= 0x7E or code[0] == 0x80):
                    # "M(fèi)": M is the trail byte of the character read fèi; if one fits, it
                    # is known whatever happened before it.
                    found = tuple(
                        character
                        for character in (
                            c.decode("gbk") for c in _BY_TRAIL.get((code[0], following.value), ())
                        )
                        if _plausible(character)
                    )
                    shown = _render(found)
                    if shown == LOST:
                        shown = self.text[token.start : following.end]
                    text = self.text[start : token.start] + shown
                    segment = _Segment(start, following.end, text, "garbled")
                    self.aligned(at + 2, (*segments, segment), cost + 1)
                    return
        segment = _Segment(start, len(self.text), self.text[start:], "garbled")
        self.readings.append((cost + 1, (*segments, segment)))


def _complete(leads: Iterable[int], trail: int, *, annotated: str | None, may_lack_note: bool) -> _Candidates:
    """The characters [lead, trail] may be, for each possible lead byte."""
    found = []
    for lead in leads:
        character = _decode_pair(lead, trail)
        if character is None or not _plausible(character):
            continue
        if annotated is not None:
            if annotated not in _READINGS.get(character, frozenset()):
                continue
        elif character in _ALWAYS_ANNOTATED and not may_lack_note:
            continue
        found.append(character)
    return tuple(sorted(found))


def _complete_by_pinyin(leads: Iterable[int], syllable: str) -> _Candidates:
    """The characters [lead, L] read ``syllable``, L being a byte the reader took for a lead."""
    found = []
    for lead in leads:
        for code in _BY_LEAD.get((lead, syllable), ()):
            character = code.decode("gbk")
            if code[1] >= 0x81 and _plausible(character):
                found.append(character)
    return tuple(sorted(found))


def _render(candidates: _Candidates) -> str:
    forms = {_simplified(character) for character in candidates}
    return forms.pop() if len(forms) == 1 else LOST


def _agreement(readings: list[tuple[_Segment, ...]], text: str) -> tuple[_Segment, ...]:
    """What all readings agree on; between the first and last disagreement, the printout."""
    if all(reading == readings[0] for reading in readings):
        return readings[0]
    prefixes: list[dict[int, str]] = []
    suffixes: list[dict[int, str]] = []
    for reading in readings:
        prefix, out = {0: ""}, ""
        for segment in reading:
            out += segment.text
            prefix[segment.end] = out
        suffix, out = {len(text): ""}, ""
        for segment in reversed(reading):
            out = segment.text + out
            suffix[segment.start] = out
        prefixes.append(prefix)
        suffixes.append(suffix)
    cut_start = max(
        at for at in set.intersection(*(set(p) for p in prefixes)) if len({p[at] for p in prefixes}) == 1
    )
    cut_end = min(
        at
        for at in set.intersection(*(set(s) for s in suffixes))
        if at >= cut_start and len({s[at] for s in suffixes}) == 1
    )
    head = [segment for segment in readings[0] if segment.end <= cut_start]
    tail = [segment for segment in readings[0] if segment.start >= cut_end]
    middle = [_Segment(cut_start, cut_end, text[cut_start:cut_end], "garbled")] if cut_end > cut_start else []
    return (*head, *middle, *tail)


# --- public API ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GarbleSpan:
    """One garbled span: ``text[start:end]`` was ``garbled`` and becomes ``repaired``.

    ``complete`` is False when the span is (partly) left as printed or holds :data:`LOST`.
    """

    start: int
    end: int
    garbled: str
    repaired: str
    complete: bool


def _segments(text: str) -> tuple[_Segment, ...] | None:
    """The cell cut into kept text and spans; None if the cell holds no garble at all."""
    # Every span opens with "?pinyin)"; clean text never has one. Checked on the matches
    # _tokenize would take, before building its per-character tokens (most cells are clean).
    if "?" not in text or not any(
        match.group(1) in _SYLLABLES for match in _ANNOTATION.finditer(text) if match.group(1)
    ):
        return None
    tokens = _tokenize(text)
    search = _Search(text, tokens)
    try:
        search.aligned(0, (), 0)
    except _TooMany:
        return (_Segment(0, len(text), text, "garbled"),)
    best = min(cost for cost, _ in search.readings)
    fewest = list(dict.fromkeys(segments for cost, segments in search.readings if cost == best))
    return _agreement(fewest, text)


def garbled_spans(text: str) -> list[GarbleSpan]:
    """Find the garbled spans of a raw cell text and say what each one becomes.

    >>> span, = garbled_spans("舉辦合杭?jí)粝胄℃?zhèn)開園活動(dòng)")
    >>> span.garbled, span.repaired, span.complete
    ('?jí)粝胄℃?zhèn)', '梦想小镇', True)
    >>> garbled_spans("區(qū)發(fā)改局")
    []
    """
    segments = _segments(text)
    if segments is None:
        return []
    spans: list[GarbleSpan] = []
    for segment in segments:
        if segment.kind != "keep":
            original = text[segment.start : segment.end]
            spans.append(
                GarbleSpan(segment.start, segment.end, original, segment.text, segment.kind == "fixed")
            )
    return spans


def repair_garbled(text: str) -> tuple[str, list[str]]:
    """Repair the GBK-garbled spans of one raw cell text where the bytes allow it.

    Returns the text with each repaired span in simplified script (no pinyin) and everything
    else untouched, plus flags: ``"garbled_repaired"`` if a span was rebuilt completely,
    ``"garbled"`` if a span is (partly) left as printed or holds U+FFFD for lost characters.

    >>> repair_garbled("重點(diǎn)推進(jìn)字節(jié)跳動(dòng)、OPPO、vivo、釘釘?shù)鹊慕ㄔO(shè),完成")
    ('重點(diǎn)推進(jìn)字節(jié)跳動(dòng)、OPPO、vivo、釘釘等的建设,完成', ['garbled_repaired'])
    >>> repair_garbled("加大鏈?zhǔn)秸幸Χ龋嘤龎汛笾辈ル娚痰认M(fèi)新業(yè)態(tài)")
    ('加大鏈?zhǔn)秸幸Χ龋嘤龎汛笾辈ル娚痰认费新業(yè)態(tài)', ['garbled'])
    >>> repair_garbled("利用本地?cái)?shù)字經(jīng)濟(jì)優(yōu)勢")
    ('利用本地数字經(jīng)濟(jì)優(yōu)勢', ['garbled_repaired'])
    >>> repair_garbled("沈 ?昱")
    ('沈 ?昱', [])
    """
    segments = _segments(text)
    if segments is None:
        return text, []
    kinds = {segment.kind for segment in segments}
    flags = []
    if "fixed" in kinds:
        flags.append(FLAG_REPAIRED)
    if kinds & {"partial", "garbled"}:
        flags.append(FLAG_GARBLED)
    return "".join(segment.text for segment in segments), flags
