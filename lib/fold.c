/*
 * fold.c: folds Unicode code points to lowercase ASCII for name matching:
 * transliteration, diacritic stripping and compatibility forms by table.
 */
#include "fold.h"

/*
 * How the tables were made.  Latin letters keep their base letter (NFKD
 * minus combining marks), ligatures and special letters are spelled out;
 * Cyrillic follows a BGN/PCGN-like romanization, as the sanctions lists
 * use; Greek follows ELOT 743 letter by letter (so "ου" gives "oy": the
 * digraph rules need context a single code point does not have).
 * Armenian, Hebrew, Arabic, Georgian and kana are romanized letter by
 * letter as well (the choices are explained above their tables).
 * Outside the tables, the ranges come from the Unicode 14.0 general
 * categories: punctuation, symbols, spaces and controls separate, and so
 * do the unassigned gaps between two such runs.  Whatever no range covers
 * is treated as a letter of another script and kept as it is.
 *
 * The tables were generated once from the Unicode 14.0 data (Python's
 * unicodedata), then reviewed and corrected by hand: edit them directly.
 *
 * Invisible characters (default-ignorable code points such as bidi marks
 * and variation selectors) join rather than separate: a name that looks
 * like "Putin" must fold like it, whatever is hidden inside it.
 */

/*
 * An entry of a block table is the folded text (at most 4 ASCII letters
 * or digits) or one of these markers.
 */
#define SEP "\001"
#define JN "\002"
#define OTH ""

/* 8 code points a row, shown in the comment, so a review can see them. */
/* clang-format off */

/* U+0000..U+007F: Basic Latin */
static const char ascii_map[][5] = {
	/* 0000 ........ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 0008 ........ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 0010 ........ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 0018 ........ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 0020 .!"#$%&' */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, JN,
	/* 0028 ()*+,-./ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 0030 01234567 */ "0", "1", "2", "3", "4", "5", "6", "7",
	/* 0038 89:;<=>? */ "8", "9", SEP, SEP, SEP, SEP, SEP, SEP,
	/* 0040 @ABCDEFG */ SEP, "a", "b", "c", "d", "e", "f", "g",
	/* 0048 HIJKLMNO */ "h", "i", "j", "k", "l", "m", "n", "o",
	/* 0050 PQRSTUVW */ "p", "q", "r", "s", "t", "u", "v", "w",
	/* 0058 XYZ[\]^_ */ "x", "y", "z", SEP, SEP, SEP, SEP, SEP,
	/* 0060 `abcdefg */ JN, "a", "b", "c", "d", "e", "f", "g",
	/* 0068 hijklmno */ "h", "i", "j", "k", "l", "m", "n", "o",
	/* 0070 pqrstuvw */ "p", "q", "r", "s", "t", "u", "v", "w",
	/* 0078 xyz{|}~. */ "x", "y", "z", SEP, SEP, SEP, SEP, SEP,
};

/* U+0080..U+00FF: Latin-1 Supplement */
static const char latin1_map[][5] = {
	/* 0080 ........ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 0088 ........ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 0090 ........ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 0098 ........ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 00A0 .¡¢£¤¥¦§ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 00A8 ¨©ª«¬.®¯ */ JN, SEP, "a", SEP, SEP, JN, SEP, JN,
	/* 00B0 °±²³´µ¶· */ SEP, SEP, "2", "3", JN, "m", SEP, SEP,
	/* 00B8 ¸¹º»¼½¾¿ */ JN, "1", "o", SEP, SEP, SEP, SEP, SEP,
	/* 00C0 ÀÁÂÃÄÅÆÇ */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* 00C8 ÈÉÊËÌÍÎÏ */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* 00D0 ÐÑÒÓÔÕÖ× */ "d", "n", "o", "o", "o", "o", "o", SEP,
	/* 00D8 ØÙÚÛÜÝÞß */ "o", "u", "u", "u", "u", "y", "th", "ss",
	/* 00E0 àáâãäåæç */ "a", "a", "a", "a", "a", "a", "ae", "c",
	/* 00E8 èéêëìíîï */ "e", "e", "e", "e", "i", "i", "i", "i",
	/* 00F0 ðñòóôõö÷ */ "d", "n", "o", "o", "o", "o", "o", SEP,
	/* 00F8 øùúûüýþÿ */ "o", "u", "u", "u", "u", "y", "th", "y",
};

/* U+0100..U+024F: Latin Extended-A and -B */
static const char latin_ext_map[][5] = {
	/* 0100 ĀāĂăĄąĆć */ "a", "a", "a", "a", "a", "a", "c", "c",
	/* 0108 ĈĉĊċČčĎď */ "c", "c", "c", "c", "c", "c", "d", "d",
	/* 0110 ĐđĒēĔĕĖė */ "d", "d", "e", "e", "e", "e", "e", "e",
	/* 0118 ĘęĚěĜĝĞğ */ "e", "e", "e", "e", "g", "g", "g", "g",
	/* 0120 ĠġĢģĤĥĦħ */ "g", "g", "g", "g", "h", "h", "h", "h",
	/* 0128 ĨĩĪīĬĭĮį */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* 0130 İıĲĳĴĵĶķ */ "i", "i", "ij", "ij", "j", "j", "k", "k",
	/* 0138 ĸĹĺĻļĽľĿ */ "k", "l", "l", "l", "l", "l", "l", "l",
	/* 0140 ŀŁłŃńŅņŇ */ "l", "l", "l", "n", "n", "n", "n", "n",
	/* 0148 ňŉŊŋŌōŎŏ */ "n", "n", "ng", "ng", "o", "o", "o", "o",
	/* 0150 ŐőŒœŔŕŖŗ */ "o", "o", "oe", "oe", "r", "r", "r", "r",
	/* 0158 ŘřŚśŜŝŞş */ "r", "r", "s", "s", "s", "s", "s", "s",
	/* 0160 ŠšŢţŤťŦŧ */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* 0168 ŨũŪūŬŭŮů */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* 0170 ŰűŲųŴŵŶŷ */ "u", "u", "u", "u", "w", "w", "y", "y",
	/* 0178 ŸŹźŻżŽžſ */ "y", "z", "z", "z", "z", "z", "z", "s",
	/* 0180 ƀƁƂƃƄƅƆƇ */ "b", "b", "b", "b", JN, JN, "o", "c",
	/* 0188 ƈƉƊƋƌƍƎƏ */ "c", "d", "d", "d", "d", "d", "e", "e",
	/* 0190 ƐƑƒƓƔƕƖƗ */ "e", "f", "f", "g", "g", "hv", "i", "i",
	/* 0198 ƘƙƚƛƜƝƞƟ */ "k", "k", "l", "l", "m", "n", "n", "o",
	/* 01A0 ƠơƢƣƤƥƦƧ */ "o", "o", "oi", "oi", "p", "p", "r", JN,
	/* 01A8 ƨƩƪƫƬƭƮƯ */ JN, "sh", "sh", "t", "t", "t", "t", "u",
	/* 01B0 ưƱƲƳƴƵƶƷ */ "u", "u", "v", "y", "y", "z", "z", "z",
	/* 01B8 ƸƹƺƻƼƽƾƿ */ "z", "z", "z", OTH, JN, JN, JN, "w",
	/* 01C0 ǀǁǂǃǄǅǆǇ */ JN, JN, JN, JN, "dz", "dz", "dz", "lj",
	/* 01C8 ǈǉǊǋǌǍǎǏ */ "lj", "lj", "nj", "nj", "nj", "a", "a", "i",
	/* 01D0 ǐǑǒǓǔǕǖǗ */ "i", "o", "o", "u", "u", "u", "u", "u",
	/* 01D8 ǘǙǚǛǜǝǞǟ */ "u", "u", "u", "u", "u", "e", "a", "a",
	/* 01E0 ǠǡǢǣǤǥǦǧ */ "a", "a", "ae", "ae", "g", "g", "g", "g",
	/* 01E8 ǨǩǪǫǬǭǮǯ */ "k", "k", "o", "o", "o", "o", "z", "z",
	/* 01F0 ǰǱǲǳǴǵǶǷ */ "j", "dz", "dz", "dz", "g", "g", "hv", "w",
	/* 01F8 ǸǹǺǻǼǽǾǿ */ "n", "n", "a", "a", "ae", "ae", "o", "o",
	/* 0200 ȀȁȂȃȄȅȆȇ */ "a", "a", "a", "a", "e", "e", "e", "e",
	/* 0208 ȈȉȊȋȌȍȎȏ */ "i", "i", "i", "i", "o", "o", "o", "o",
	/* 0210 ȐȑȒȓȔȕȖȗ */ "r", "r", "r", "r", "u", "u", "u", "u",
	/* 0218 ȘșȚțȜȝȞȟ */ "s", "s", "t", "t", "y", "y", "h", "h",
	/* 0220 ȠȡȢȣȤȥȦȧ */ "n", "d", "ou", "ou", "z", "z", "a", "a",
	/* 0228 ȨȩȪȫȬȭȮȯ */ "e", "e", "o", "o", "o", "o", "o", "o",
	/* 0230 ȰȱȲȳȴȵȶȷ */ "o", "o", "y", "y", "l", "n", "t", "j",
	/* 0238 ȸȹȺȻȼȽȾȿ */ "db", "qp", "a", "c", "c", "l", "t", "s",
	/* 0240 ɀɁɂɃɄɅɆɇ */ "z", JN, JN, "b", "u", "v", "e", "e",
	/* 0248 ɈɉɊɋɌɍɎɏ */ "j", "j", "q", "q", "r", "r", "y", "y",
};

/* U+0250..U+02FF: IPA and Spacing Modifier Letters */
static const char ipa_map[][5] = {
	/* 0250 ɐɑɒɓɔɕɖɗ */ "a", "a", "o", "b", "o", "c", "d", "d",
	/* 0258 ɘəɚɛɜɝɞɟ */ "e", "e", "e", "e", "e", "e", "e", "j",
	/* 0260 ɠɡɢɣɤɥɦɧ */ "g", "g", "g", "g", "o", "h", "h", "h",
	/* 0268 ɨɩɪɫɬɭɮɯ */ "i", "i", "i", "l", "l", "l", "lz", "m",
	/* 0270 ɰɱɲɳɴɵɶɷ */ "m", "m", "n", "n", "n", "o", "oe", "o",
	/* 0278 ɸɹɺɻɼɽɾɿ */ "f", "r", "r", "r", "r", "r", "r", "r",
	/* 0280 ʀʁʂʃʄʅʆʇ */ "r", "r", "s", "sh", "j", "s", "sh", "t",
	/* 0288 ʈʉʊʋʌʍʎʏ */ "t", "u", "u", "v", "v", "w", "y", "y",
	/* 0290 ʐʑʒʓʔʕʖʗ */ "z", "z", "z", "z", JN, JN, JN, "c",
	/* 0298 ʘʙʚʛʜʝʞʟ */ OTH, "b", "e", "g", "h", "j", "k", "l",
	/* 02A0 ʠʡʢʣʤʥʦʧ */ "q", JN, JN, "dz", "dz", "dz", "ts", "ts",
	/* 02A8 ʨʩʪʫʬʭʮʯ */ "tc", "fn", "ls", "lz", OTH, OTH, "h", "h",
	/* 02B0 ʰʱʲʳʴʵʶʷ */ "h", "h", "j", "r", "r", "r", "r", "w",
	/* 02B8 ʸʹʺʻʼʽʾʿ */ "y", JN, JN, JN, JN, JN, JN, JN,
	/* 02C0 ˀˁ˂˃˄˅ˆˇ */ JN, JN, SEP, SEP, SEP, SEP, JN, JN,
	/* 02C8 ˈˉˊˋˌˍˎˏ */ JN, JN, JN, JN, JN, JN, JN, JN,
	/* 02D0 ːˑ˒˓˔˕˖˗ */ JN, JN, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 02D8 ˘˙˚˛˜˝˞˟ */ JN, JN, JN, JN, JN, JN, JN, SEP,
	/* 02E0 ˠˡˢˣˤ˥˦˧ */ "g", "l", "s", "x", JN, JN, JN, JN,
	/* 02E8 ˨˩˪˫ˬ˭ˮ˯ */ JN, JN, JN, JN, JN, SEP, JN, SEP,
	/* 02F0 ˰˱˲˳˴˵˶˷ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 02F8 ˸˹˺˻˼˽˾˿ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
};

/* U+0370..U+03FF: Greek and Coptic */
static const char greek_map[][5] = {
	/* 0370 ͰͱͲͳʹ͵Ͷͷ */ "h", "h", OTH, OTH, SEP, SEP, OTH, OTH,
	/* 0378 ..ͺͻͼͽ;Ϳ */ OTH, OTH, JN, "s", "s", "s", SEP, "j",
	/* 0380 ....΄΅Ά· */ OTH, OTH, OTH, OTH, JN, JN, "a", SEP,
	/* 0388 ΈΉΊ.Ό.ΎΏ */ "e", "i", "i", OTH, "o", OTH, "y", "o",
	/* 0390 ΐΑΒΓΔΕΖΗ */ "i", "a", "v", "g", "d", "e", "z", "i",
	/* 0398 ΘΙΚΛΜΝΞΟ */ "th", "i", "k", "l", "m", "n", "x", "o",
	/* 03A0 ΠΡ.ΣΤΥΦΧ */ "p", "r", OTH, "s", "t", "y", "f", "ch",
	/* 03A8 ΨΩΪΫάέήί */ "ps", "o", "i", "y", "a", "e", "i", "i",
	/* 03B0 ΰαβγδεζη */ "y", "a", "v", "g", "d", "e", "z", "i",
	/* 03B8 θικλμνξο */ "th", "i", "k", "l", "m", "n", "x", "o",
	/* 03C0 πρςστυφχ */ "p", "r", "s", "s", "t", "y", "f", "ch",
	/* 03C8 ψωϊϋόύώϏ */ "ps", "o", "i", "y", "o", "y", "o", OTH,
	/* 03D0 ϐϑϒϓϔϕϖϗ */ "v", "th", "y", "y", "y", "f", "p", OTH,
	/* 03D8 ϘϙϚϛϜϝϞϟ */ OTH, OTH, "st", "st", OTH, OTH, OTH, OTH,
	/* 03E0 ϠϡϢϣϤϥϦϧ */ OTH, OTH, OTH, OTH, OTH, OTH, OTH, OTH,
	/* 03E8 ϨϩϪϫϬϭϮϯ */ OTH, OTH, OTH, OTH, OTH, OTH, OTH, OTH,
	/* 03F0 ϰϱϲϳϴϵ϶Ϸ */ "k", "r", "s", "j", "th", "e", SEP, OTH,
	/* 03F8 ϸϹϺϻϼϽϾϿ */ OTH, "s", OTH, OTH, "r", "s", "s", "s",
};

/* U+0400..U+04FF: Cyrillic */
static const char cyrillic_map[][5] = {
	/* 0400 ЀЁЂЃЄЅІЇ */ "e", "e", "dj", "g", "ye", "dz", "i", "yi",
	/* 0408 ЈЉЊЋЌЍЎЏ */ "j", "lj", "nj", "c", "k", "i", "u", "dz",
	/* 0410 АБВГДЕЖЗ */ "a", "b", "v", "g", "d", "e", "zh", "z",
	/* 0418 ИЙКЛМНОП */ "i", "y", "k", "l", "m", "n", "o", "p",
	/* 0420 РСТУФХЦЧ */ "r", "s", "t", "u", "f", "kh", "ts", "ch",
	/* 0428 ШЩЪЫЬЭЮЯ */ "sh", "shch", JN, "y", JN, "e", "yu", "ya",
	/* 0430 абвгдежз */ "a", "b", "v", "g", "d", "e", "zh", "z",
	/* 0438 ийклмноп */ "i", "y", "k", "l", "m", "n", "o", "p",
	/* 0440 рстуфхцч */ "r", "s", "t", "u", "f", "kh", "ts", "ch",
	/* 0448 шщъыьэюя */ "sh", "shch", JN, "y", JN, "e", "yu", "ya",
	/* 0450 ѐёђѓєѕії */ "e", "e", "dj", "g", "ye", "dz", "i", "yi",
	/* 0458 јљњћќѝўџ */ "j", "lj", "nj", "c", "k", "i", "u", "dz",
	/* 0460 ѠѡѢѣѤѥѦѧ */ "o", "o", "e", "e", "ye", "ye", "ya", "ya",
	/* 0468 ѨѩѪѫѬѭѮѯ */ "ya", "ya", "u", "u", "yu", "yu", "ks", "ks",
	/* 0470 ѰѱѲѳѴѵѶѷ */ "ps", "ps", "f", "f", "i", "i", "i", "i",
	/* 0478 ѸѹѺѻѼѽѾѿ */ "u", "u", "o", "o", "o", "o", "ot", "ot",
	/* 0480 Ҁҁ҂..... */ "k", "k", SEP, JN, JN, JN, JN, JN,
	/* 0488 ..ҊҋҌҍҎҏ */ JN, JN, "y", "y", JN, JN, "r", "r",
	/* 0490 ҐґҒғҔҕҖҗ */ "g", "g", "g", "g", "g", "g", "zh", "zh",
	/* 0498 ҘҙҚқҜҝҞҟ */ "z", "z", "k", "k", "k", "k", "k", "k",
	/* 04A0 ҠҡҢңҤҥҦҧ */ "k", "k", "n", "n", "ng", "ng", "p", "p",
	/* 04A8 ҨҩҪҫҬҭҮү */ "o", "o", "s", "s", "t", "t", "u", "u",
	/* 04B0 ҰұҲҳҴҵҶҷ */ "u", "u", "kh", "kh", "ts", "ts", "ch", "ch",
	/* 04B8 ҸҹҺһҼҽҾҿ */ "ch", "ch", "h", "h", "ch", "ch", "ch", "ch",
	/* 04C0 ӀӁӂӃӄӅӆӇ */ JN, "zh", "zh", "k", "k", "l", "l", "n",
	/* 04C8 ӈӉӊӋӌӍӎӏ */ "n", "n", "n", "ch", "ch", "m", "m", JN,
	/* 04D0 ӐӑӒӓӔӕӖӗ */ "a", "a", "a", "a", "ae", "ae", "e", "e",
	/* 04D8 ӘәӚӛӜӝӞӟ */ "a", "a", "a", "a", "zh", "zh", "z", "z",
	/* 04E0 ӠӡӢӣӤӥӦӧ */ "dz", "dz", "i", "i", "i", "i", "o", "o",
	/* 04E8 ӨөӪӫӬӭӮӯ */ "o", "o", "o", "o", "e", "e", "u", "u",
	/* 04F0 ӰӱӲӳӴӵӶӷ */ "u", "u", "u", "u", "ch", "ch", "g", "g",
	/* 04F8 ӸӹӺӻӼӽӾӿ */ "y", "y", "g", "g", "kh", "kh", "kh", "kh",
};

/*
 * Armenian, Hebrew, Arabic, Georgian and kana.  Each code point folds
 * alone, so a rule that needs a neighbour cannot be followed; where that
 * matters the entry is the one closest to the spellings of the sanctions
 * lists once the matcher compares phonetic keys (normalize.c: "ou" reads
 * as "u", a doubled letter as one, "y" as "i", "kh" as "h").
 *
 * Armenian: Eastern, BGN/PCGN without the apostrophes of the aspirates
 * (so t and t', k and k' fall together).  The digraph ու is "u" but ո
 * alone is "o", so ւ gives "u" and ու folds to "ou", the Western spelling
 * ("Haroutyounyan"), which the phonetic key reads as "Harutyunyan";
 * mapping ւ to JOIN would give "o", to "v" "ov".  Word-initial ե ("ye")
 * and ո ("vo") come out as "e" and "o".  և is "ev".
 *
 * Hebrew: consonantal, as listed; א and ע join, ו is "v", פ is "p" (the
 * dagesh that tells b from v and p from f is a point, and points join).
 *
 * Arabic: consonantal, since short vowels are not written.  ا and the
 * hamza seats أ إ آ give "a", like ى and ة; ؤ "u", ئ "i"; ء joins.
 * ع gives "a" rather than joining: the lists write it as the vowel next
 * to it, most often an a ("Ali", "Abd", "Said", "Jafar", "Aziz"), and
 * "li" or "bdallh" share too little with "Ali" or "Abdullah" to pair.
 * و is "u" and ي "i", not "w" and "y": in names they are mostly the long
 * vowels (Ali, Husain, Said, Mahmud), and the phonetic key reads a "y"
 * as "i" anyway.  Persian, Urdu, Pashto, Kurdish and Turkic letters take
 * their usual values (پ p, چ ch, ژ zh, گ g, ک k, ی i, ے e, ە e, ڤ v);
 * letters that only add dots to a base letter fold like the base.
 *
 * Georgian: the national system (2002) without the apostrophes of the
 * ejectives (კ k, პ p, ტ t, წ ts, ჭ ch, ყ q); the Mtavruli capitals
 * (U+1C90..) share the table.
 *
 * Kana: Hepburn kana by kana ("shi", "chi", "tsu", "fu", "ji", を "o",
 * ん "n").  Small ゃ ゅ ょ give "ya" "yu" "yo", so きゃ is "kiya", not
 * "kya"; small vowels give the vowel.  Small っ, which doubles the next
 * consonant, joins ("Hattori" comes out "hatori", equal in the phonetic
 * key), as do the prolonged sound mark ー (long vowels are not written,
 * as in passports) and the iteration marks.  So do the voicing marks
 * written apart (U+3099, U+309B, halfwidth ﾞ): ﾊﾞ gives "ha", not "ba"
 * (NFC composes the full-width kana, but halfwidth ones have no voiced
 * forms).
 *
 * The presentation forms and ligatures further down (Arabic, Hebrew,
 * Armenian, halfwidth katakana) fold as their compatibility
 * decomposition through these tables; the few longer than four letters
 * stay OTHER.
 */
/* U+0530..U+0588: Armenian */
static const char armenian_map[][5] = {
	/* 0530 .ԱԲԳԴԵԶԷ */ OTH, "a", "b", "g", "d", "e", "z", "e",
	/* 0538 ԸԹԺԻԼԽԾԿ */ "y", "t", "zh", "i", "l", "kh", "ts", "k",
	/* 0540 ՀՁՂՃՄՅՆՇ */ "h", "dz", "gh", "ch", "m", "y", "n", "sh",
	/* 0548 ՈՉՊՋՌՍՎՏ */ "o", "ch", "p", "j", "r", "s", "v", "t",
	/* 0550 ՐՑՒՓՔՕՖ. */ "r", "ts", "u", "p", "k", "o", "f", OTH,
	/* 0558 .ՙ՚՛՜՝՞՟ */ OTH, JN, JN, JN, JN, SEP, JN, JN,
	/* 0560 ՠաբգդեզէ */ "a", "a", "b", "g", "d", "e", "z", "e",
	/* 0568 ըթժիլխծկ */ "y", "t", "zh", "i", "l", "kh", "ts", "k",
	/* 0570 հձղճմյնշ */ "h", "dz", "gh", "ch", "m", "y", "n", "sh",
	/* 0578 ոչպջռսվտ */ "o", "ch", "p", "j", "r", "s", "v", "t",
	/* 0580 րցւփքօֆև */ "r", "ts", "u", "p", "k", "o", "f", "ev",
	/* 0588 ֈ */ "y",
};

/* U+05D0..U+05F4: Hebrew letters */
static const char hebrew_map[][5] = {
	/* 05D0 אבגדהוזח */ JN, "b", "g", "d", "h", "v", "z", "kh",
	/* 05D8 טיךכלםמן */ "t", "y", "k", "k", "l", "m", "m", "n",
	/* 05E0 נסעףפץצק */ "n", "s", JN, "p", "p", "ts", "ts", "k",
	/* 05E8 רשת....ׯ */ "r", "sh", "t", OTH, OTH, OTH, OTH, "y",
	/* 05F0 װױײ׳״ */ "v", "oy", "ey", JN, JN,
};

/* U+0620..U+06FF: Arabic letters */
static const char arabic_map[][5] = {
	/* 0620 ؠءآأؤإئا */ "i", JN, "a", "a", "u", "a", "i", "a",
	/* 0628 بةتثجحخد */ "b", "a", "t", "th", "j", "h", "kh", "d",
	/* 0630 ذرزسشصضط */ "dh", "r", "z", "s", "sh", "s", "d", "t",
	/* 0638 ظعغػؼؽؾؿ */ "z", "a", "gh", "k", "k", "i", "i", "i",
	/* 0640 ـفقكلمنه */ JN, "f", "q", "k", "l", "m", "n", "h",
	/* 0648 وىي..... */ "u", "a", "i", JN, JN, JN, JN, JN,
	/* 0650 ........ */ JN, JN, JN, JN, JN, JN, JN, JN,
	/* 0658 ........ */ JN, JN, JN, JN, JN, JN, JN, JN,
	/* 0660 ٠١٢٣٤٥٦٧ */ "0", "1", "2", "3", "4", "5", "6", "7",
	/* 0668 ٨٩٪٫٬٭ٮٯ */ "8", "9", SEP, SEP, SEP, SEP, "b", "q",
	/* 0670 .ٱٲٳٴٵٶٷ */ JN, "a", "a", "a", JN, "a", "u", "u",
	/* 0678 ٸٹٺٻټٽپٿ */ "i", "t", "t", "b", "t", "t", "p", "t",
	/* 0680 ڀځڂڃڄڅچڇ */ "b", "dz", "h", "ny", "j", "ts", "ch", "ch",
	/* 0688 ڈډڊڋڌڍڎڏ */ "d", "d", "d", "d", "d", "d", "d", "d",
	/* 0690 ڐڑڒړڔڕږڗ */ "d", "r", "r", "r", "r", "r", "zh", "r",
	/* 0698 ژڙښڛڜڝڞڟ */ "zh", "r", "sh", "s", "s", "s", "s", "t",
	/* 06A0 ڠڡڢڣڤڥڦڧ */ "ng", "f", "f", "f", "v", "v", "p", "q",
	/* 06A8 ڨکڪګڬڭڮگ */ "q", "k", "k", "g", "k", "ng", "k", "g",
	/* 06B0 ڰڱڲڳڴڵڶڷ */ "g", "ng", "g", "g", "g", "l", "l", "l",
	/* 06B8 ڸڹںڻڼڽھڿ */ "l", "n", "n", "n", "n", "ny", "h", "ch",
	/* 06C0 ۀہۂۃۄۅۆۇ */ "h", "h", "h", "a", "u", "o", "o", "u",
	/* 06C8 ۈۉۊۋیۍێۏ */ "u", "u", "u", "v", "i", "i", "e", "u",
	/* 06D0 ېۑےۓ۔ە.. */ "e", "i", "e", "e", SEP, "e", JN, JN,
	/* 06D8 ......۞. */ JN, JN, JN, JN, JN, SEP, SEP, JN,
	/* 06E0 .....ۥۦ. */ JN, JN, JN, JN, JN, JN, JN, JN,
	/* 06E8 .۩....ۮۯ */ JN, SEP, JN, JN, JN, JN, "d", "r",
	/* 06F0 ۰۱۲۳۴۵۶۷ */ "0", "1", "2", "3", "4", "5", "6", "7",
	/* 06F8 ۸۹ۺۻۼ۽۾ۿ */ "8", "9", "sh", "d", "gh", SEP, SEP, "h",
};

/* U+10D0..U+10FF: Georgian Mkhedruli */
static const char georgian_map[][5] = {
	/* 10D0 აბგდევზთ */ "a", "b", "g", "d", "e", "v", "z", "t",
	/* 10D8 იკლმნოპჟ */ "i", "k", "l", "m", "n", "o", "p", "zh",
	/* 10E0 რსტუფქღყ */ "r", "s", "t", "u", "p", "k", "gh", "q",
	/* 10E8 შჩცძწჭხჯ */ "sh", "ch", "ts", "dz", "ts", "ch", "kh", "j",
	/* 10F0 ჰჱჲჳჴჵჶჷ */ "h", "e", "y", "w", "q", "o", "f", "y",
	/* 10F8 ჸჹჺ჻ჼჽჾჿ */ JN, "g", JN, SEP, "n", "e", JN, JN,
};

/* U+1C80..U+1C88: Cyrillic Extended-C */
static const char cyrillic_c_map[][5] = {
	/* 1C80 ᲀᲁᲂᲃᲄᲅᲆᲇ */ "v", "d", "o", "s", "t", "t", JN, "e",
	/* 1C88 ᲈ */ OTH,
};

/* U+1D00..U+1DBF: Phonetic Extensions */
static const char phonetic_map[][5] = {
	/* 1D00 ᴀᴁᴂᴃᴄᴅᴆᴇ */ "a", "ae", "ae", "b", "c", "d", "d", "e",
	/* 1D08 ᴈᴉᴊᴋᴌᴍᴎᴏ */ "e", "i", "j", "k", "l", "m", "n", "o",
	/* 1D10 ᴐᴑᴒᴓᴔᴕᴖᴗ */ "o", "o", "o", "o", "oe", "ou", "o", "o",
	/* 1D18 ᴘᴙᴚᴛᴜᴝᴞᴟ */ "p", "r", "r", "t", "u", "u", "u", "m",
	/* 1D20 ᴠᴡᴢᴣᴤᴥᴦᴧ */ "v", "w", "z", "z", OTH, OTH, "g", "l",
	/* 1D28 ᴨᴩᴪᴫᴬᴭᴮᴯ */ "p", "r", "ps", "l", "a", "ae", "b", "b",
	/* 1D30 ᴰᴱᴲᴳᴴᴵᴶᴷ */ "d", "e", "e", "g", "h", "i", "j", "k",
	/* 1D38 ᴸᴹᴺᴻᴼᴽᴾᴿ */ "l", "m", "n", "n", "o", "ou", "p", "r",
	/* 1D40 ᵀᵁᵂᵃᵄᵅᵆᵇ */ "t", "u", "w", "a", "a", "a", "ae", "b",
	/* 1D48 ᵈᵉᵊᵋᵌᵍᵎᵏ */ "d", "e", "e", "e", "e", "g", "i", "k",
	/* 1D50 ᵐᵑᵒᵓᵔᵕᵖᵗ */ "m", "ng", "o", "o", "o", "o", "p", "t",
	/* 1D58 ᵘᵙᵚᵛᵜᵝᵞᵟ */ "u", "u", "m", "v", OTH, "v", "g", "d",
	/* 1D60 ᵠᵡᵢᵣᵤᵥᵦᵧ */ "f", "ch", "i", "r", "u", "v", "v", "g",
	/* 1D68 ᵨᵩᵪᵫᵬᵭᵮᵯ */ "r", "f", "ch", "ue", "b", "d", "f", "m",
	/* 1D70 ᵰᵱᵲᵳᵴᵵᵶᵷ */ "n", "p", "r", "r", "s", "t", "z", "g",
	/* 1D78 ᵸᵹᵺᵻᵼᵽᵾᵿ */ "n", "g", "th", "i", "i", "p", "u", "u",
	/* 1D80 ᶀᶁᶂᶃᶄᶅᶆᶇ */ "b", "d", "f", "g", "k", "l", "m", "n",
	/* 1D88 ᶈᶉᶊᶋᶌᶍᶎᶏ */ "p", "r", "s", "sh", "v", "x", "z", "a",
	/* 1D90 ᶐᶑᶒᶓᶔᶕᶖᶗ */ "a", "d", "e", "e", "e", "e", "i", "o",
	/* 1D98 ᶘᶙᶚᶛᶜᶝᶞᶟ */ "sh", "u", "z", "o", "c", "c", "d", "e",
	/* 1DA0 ᶠᶡᶢᶣᶤᶥᶦᶧ */ "f", "j", "g", "h", "i", "i", "i", "i",
	/* 1DA8 ᶨᶩᶪᶫᶬᶭᶮᶯ */ "j", "l", "l", "l", "m", "m", "n", "n",
	/* 1DB0 ᶰᶱᶲᶳᶴᶵᶶᶷ */ "n", "o", "f", "s", "sh", "t", "u", "u",
	/* 1DB8 ᶸᶹᶺᶻᶼᶽᶾᶿ */ "u", "v", "v", "z", "z", "z", "z", "th",
};

/* U+1E00..U+1EFF: Latin Extended Additional */
static const char latin_add_map[][5] = {
	/* 1E00 ḀḁḂḃḄḅḆḇ */ "a", "a", "b", "b", "b", "b", "b", "b",
	/* 1E08 ḈḉḊḋḌḍḎḏ */ "c", "c", "d", "d", "d", "d", "d", "d",
	/* 1E10 ḐḑḒḓḔḕḖḗ */ "d", "d", "d", "d", "e", "e", "e", "e",
	/* 1E18 ḘḙḚḛḜḝḞḟ */ "e", "e", "e", "e", "e", "e", "f", "f",
	/* 1E20 ḠḡḢḣḤḥḦḧ */ "g", "g", "h", "h", "h", "h", "h", "h",
	/* 1E28 ḨḩḪḫḬḭḮḯ */ "h", "h", "h", "h", "i", "i", "i", "i",
	/* 1E30 ḰḱḲḳḴḵḶḷ */ "k", "k", "k", "k", "k", "k", "l", "l",
	/* 1E38 ḸḹḺḻḼḽḾḿ */ "l", "l", "l", "l", "l", "l", "m", "m",
	/* 1E40 ṀṁṂṃṄṅṆṇ */ "m", "m", "m", "m", "n", "n", "n", "n",
	/* 1E48 ṈṉṊṋṌṍṎṏ */ "n", "n", "n", "n", "o", "o", "o", "o",
	/* 1E50 ṐṑṒṓṔṕṖṗ */ "o", "o", "o", "o", "p", "p", "p", "p",
	/* 1E58 ṘṙṚṛṜṝṞṟ */ "r", "r", "r", "r", "r", "r", "r", "r",
	/* 1E60 ṠṡṢṣṤṥṦṧ */ "s", "s", "s", "s", "s", "s", "s", "s",
	/* 1E68 ṨṩṪṫṬṭṮṯ */ "s", "s", "t", "t", "t", "t", "t", "t",
	/* 1E70 ṰṱṲṳṴṵṶṷ */ "t", "t", "u", "u", "u", "u", "u", "u",
	/* 1E78 ṸṹṺṻṼṽṾṿ */ "u", "u", "u", "u", "v", "v", "v", "v",
	/* 1E80 ẀẁẂẃẄẅẆẇ */ "w", "w", "w", "w", "w", "w", "w", "w",
	/* 1E88 ẈẉẊẋẌẍẎẏ */ "w", "w", "x", "x", "x", "x", "y", "y",
	/* 1E90 ẐẑẒẓẔẕẖẗ */ "z", "z", "z", "z", "z", "z", "h", "t",
	/* 1E98 ẘẙẚẛẜẝẞẟ */ "w", "y", "a", "s", "s", "s", "ss", "d",
	/* 1EA0 ẠạẢảẤấẦầ */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* 1EA8 ẨẩẪẫẬậẮắ */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* 1EB0 ẰằẲẳẴẵẶặ */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* 1EB8 ẸẹẺẻẼẽẾế */ "e", "e", "e", "e", "e", "e", "e", "e",
	/* 1EC0 ỀềỂểỄễỆệ */ "e", "e", "e", "e", "e", "e", "e", "e",
	/* 1EC8 ỈỉỊịỌọỎỏ */ "i", "i", "i", "i", "o", "o", "o", "o",
	/* 1ED0 ỐốỒồỔổỖỗ */ "o", "o", "o", "o", "o", "o", "o", "o",
	/* 1ED8 ỘộỚớỜờỞở */ "o", "o", "o", "o", "o", "o", "o", "o",
	/* 1EE0 ỠỡỢợỤụỦủ */ "o", "o", "o", "o", "u", "u", "u", "u",
	/* 1EE8 ỨứỪừỬửỮữ */ "u", "u", "u", "u", "u", "u", "u", "u",
	/* 1EF0 ỰựỲỳỴỵỶỷ */ "u", "u", "y", "y", "y", "y", "y", "y",
	/* 1EF8 ỸỹỺỻỼỽỾỿ */ "y", "y", "ll", "ll", "v", "v", "y", "y",
};

/* U+1F00..U+1FFF: Greek Extended */
static const char greek_ext_map[][5] = {
	/* 1F00 ἀἁἂἃἄἅἆἇ */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* 1F08 ἈἉἊἋἌἍἎἏ */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* 1F10 ἐἑἒἓἔἕ.. */ "e", "e", "e", "e", "e", "e", OTH, OTH,
	/* 1F18 ἘἙἚἛἜἝ.. */ "e", "e", "e", "e", "e", "e", OTH, OTH,
	/* 1F20 ἠἡἢἣἤἥἦἧ */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* 1F28 ἨἩἪἫἬἭἮἯ */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* 1F30 ἰἱἲἳἴἵἶἷ */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* 1F38 ἸἹἺἻἼἽἾἿ */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* 1F40 ὀὁὂὃὄὅ.. */ "o", "o", "o", "o", "o", "o", OTH, OTH,
	/* 1F48 ὈὉὊὋὌὍ.. */ "o", "o", "o", "o", "o", "o", OTH, OTH,
	/* 1F50 ὐὑὒὓὔὕὖὗ */ "y", "y", "y", "y", "y", "y", "y", "y",
	/* 1F58 .Ὑ.Ὓ.Ὕ.Ὗ */ OTH, "y", OTH, "y", OTH, "y", OTH, "y",
	/* 1F60 ὠὡὢὣὤὥὦὧ */ "o", "o", "o", "o", "o", "o", "o", "o",
	/* 1F68 ὨὩὪὫὬὭὮὯ */ "o", "o", "o", "o", "o", "o", "o", "o",
	/* 1F70 ὰάὲέὴήὶί */ "a", "a", "e", "e", "i", "i", "i", "i",
	/* 1F78 ὸόὺύὼώ.. */ "o", "o", "y", "y", "o", "o", OTH, OTH,
	/* 1F80 ᾀᾁᾂᾃᾄᾅᾆᾇ */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* 1F88 ᾈᾉᾊᾋᾌᾍᾎᾏ */ "a", "a", "a", "a", "a", "a", "a", "a",
	/* 1F90 ᾐᾑᾒᾓᾔᾕᾖᾗ */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* 1F98 ᾘᾙᾚᾛᾜᾝᾞᾟ */ "i", "i", "i", "i", "i", "i", "i", "i",
	/* 1FA0 ᾠᾡᾢᾣᾤᾥᾦᾧ */ "o", "o", "o", "o", "o", "o", "o", "o",
	/* 1FA8 ᾨᾩᾪᾫᾬᾭᾮᾯ */ "o", "o", "o", "o", "o", "o", "o", "o",
	/* 1FB0 ᾰᾱᾲᾳᾴ.ᾶᾷ */ "a", "a", "a", "a", "a", OTH, "a", "a",
	/* 1FB8 ᾸᾹᾺΆᾼ᾽ι᾿ */ "a", "a", "a", "a", "a", JN, JN, JN,
	/* 1FC0 ῀῁ῂῃῄ.ῆῇ */ JN, JN, "i", "i", "i", OTH, "i", "i",
	/* 1FC8 ῈΈῊΉῌ῍῎῏ */ "e", "e", "i", "i", "i", JN, JN, JN,
	/* 1FD0 ῐῑῒΐ..ῖῗ */ "i", "i", "i", "i", OTH, OTH, "i", "i",
	/* 1FD8 ῘῙῚΊ.῝῞῟ */ "i", "i", "i", "i", OTH, JN, JN, JN,
	/* 1FE0 ῠῡῢΰῤῥῦῧ */ "y", "y", "y", "y", "r", "r", "y", "y",
	/* 1FE8 ῨῩῪΎῬ῭΅` */ "y", "y", "y", "y", "r", JN, JN, JN,
	/* 1FF0 ..ῲῳῴ.ῶῷ */ OTH, OTH, "o", "o", "o", OTH, "o", "o",
	/* 1FF8 ῸΌῺΏῼ´῾. */ "o", "o", "o", "o", "o", JN, JN, OTH,
};

/* U+2070..U+209F: Superscripts and Subscripts */
static const char super_map[][5] = {
	/* 2070 ⁰ⁱ..⁴⁵⁶⁷ */ "0", "i", OTH, OTH, "4", "5", "6", "7",
	/* 2078 ⁸⁹⁺⁻⁼⁽⁾ⁿ */ "8", "9", SEP, SEP, SEP, SEP, SEP, "n",
	/* 2080 ₀₁₂₃₄₅₆₇ */ "0", "1", "2", "3", "4", "5", "6", "7",
	/* 2088 ₈₉₊₋₌₍₎. */ "8", "9", SEP, SEP, SEP, SEP, SEP, OTH,
	/* 2090 ₐₑₒₓₔₕₖₗ */ "a", "e", "o", "x", "e", "h", "k", "l",
	/* 2098 ₘₙₚₛₜ... */ "m", "n", "p", "s", "t", OTH, OTH, OTH,
};

/* U+2100..U+218F: Letterlike, Number Forms */
static const char letterlike_map[][5] = {
	/* 2100 ℀℁ℂ℃℄℅℆ℇ */ SEP, SEP, "c", SEP, SEP, SEP, SEP, "e",
	/* 2108 ℈℉ℊℋℌℍℎℏ */ SEP, SEP, "g", "h", "h", "h", "h", "h",
	/* 2110 ℐℑℒℓ℔ℕ№℗ */ "i", "i", "l", "l", SEP, "n", SEP, SEP,
	/* 2118 ℘ℙℚℛℜℝ℞℟ */ SEP, "p", "q", "r", "r", "r", SEP, SEP,
	/* 2120 ℠℡™℣ℤ℥Ω℧ */ SEP, SEP, SEP, SEP, "z", SEP, "o", SEP,
	/* 2128 ℨ℩KÅℬℭ℮ℯ */ "z", SEP, "k", "a", "b", "c", SEP, "e",
	/* 2130 ℰℱℲℳℴℵℶℷ */ "e", "f", "f", "m", "o", OTH, OTH, OTH,
	/* 2138 ℸℹ℺℻ℼℽℾℿ */ OTH, "i", SEP, SEP, "p", "g", "g", "p",
	/* 2140 ⅀⅁⅂⅃⅄ⅅⅆⅇ */ SEP, SEP, SEP, SEP, SEP, "d", "d", "e",
	/* 2148 ⅈⅉ⅊⅋⅌⅍ⅎ⅏ */ "i", "j", SEP, SEP, SEP, SEP, "f", SEP,
	/* 2150 ⅐⅑⅒⅓⅔⅕⅖⅗ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 2158 ⅘⅙⅚⅛⅜⅝⅞⅟ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* 2160 ⅠⅡⅢⅣⅤⅥⅦⅧ */ "i", "ii", "iii", "iv", "v", "vi", "vii", "viii",
	/* 2168 ⅨⅩⅪⅫⅬⅭⅮⅯ */ "ix", "x", "xi", "xii", "l", "c", "d", "m",
	/* 2170 ⅰⅱⅲⅳⅴⅵⅶⅷ */ "i", "ii", "iii", "iv", "v", "vi", "vii", "viii",
	/* 2178 ⅸⅹⅺⅻⅼⅽⅾⅿ */ "ix", "x", "xi", "xii", "l", "c", "d", "m",
	/* 2180 ↀↁↂↃↄↅↆↇ */ OTH, OTH, OTH, "c", "c", OTH, OTH, OTH,
	/* 2188 ↈ↉↊↋.... */ OTH, SEP, SEP, SEP, OTH, OTH, OTH, OTH,
};

/* U+2460..U+24FF: Enclosed Alphanumerics */
static const char enclosed_map[][5] = {
	/* 2460 ①②③④⑤⑥⑦⑧ */ "1", "2", "3", "4", "5", "6", "7", "8",
	/* 2468 ⑨⑩⑪⑫⑬⑭⑮⑯ */ "9", "10", "11", "12", "13", "14", "15", "16",
	/* 2470 ⑰⑱⑲⑳⑴⑵⑶⑷ */ "17", "18", "19", "20", "1", "2", "3", "4",
	/* 2478 ⑸⑹⑺⑻⑼⑽⑾⑿ */ "5", "6", "7", "8", "9", "10", "11", "12",
	/* 2480 ⒀⒁⒂⒃⒄⒅⒆⒇ */ "13", "14", "15", "16", "17", "18", "19", "20",
	/* 2488 ⒈⒉⒊⒋⒌⒍⒎⒏ */ "1", "2", "3", "4", "5", "6", "7", "8",
	/* 2490 ⒐⒑⒒⒓⒔⒕⒖⒗ */ "9", "10", "11", "12", "13", "14", "15", "16",
	/* 2498 ⒘⒙⒚⒛⒜⒝⒞⒟ */ "17", "18", "19", "20", "a", "b", "c", "d",
	/* 24A0 ⒠⒡⒢⒣⒤⒥⒦⒧ */ "e", "f", "g", "h", "i", "j", "k", "l",
	/* 24A8 ⒨⒩⒪⒫⒬⒭⒮⒯ */ "m", "n", "o", "p", "q", "r", "s", "t",
	/* 24B0 ⒰⒱⒲⒳⒴⒵ⒶⒷ */ "u", "v", "w", "x", "y", "z", "a", "b",
	/* 24B8 ⒸⒹⒺⒻⒼⒽⒾⒿ */ "c", "d", "e", "f", "g", "h", "i", "j",
	/* 24C0 ⓀⓁⓂⓃⓄⓅⓆⓇ */ "k", "l", "m", "n", "o", "p", "q", "r",
	/* 24C8 ⓈⓉⓊⓋⓌⓍⓎⓏ */ "s", "t", "u", "v", "w", "x", "y", "z",
	/* 24D0 ⓐⓑⓒⓓⓔⓕⓖⓗ */ "a", "b", "c", "d", "e", "f", "g", "h",
	/* 24D8 ⓘⓙⓚⓛⓜⓝⓞⓟ */ "i", "j", "k", "l", "m", "n", "o", "p",
	/* 24E0 ⓠⓡⓢⓣⓤⓥⓦⓧ */ "q", "r", "s", "t", "u", "v", "w", "x",
	/* 24E8 ⓨⓩ⓪⓫⓬⓭⓮⓯ */ "y", "z", "0", "11", "12", "13", "14", "15",
	/* 24F0 ⓰⓱⓲⓳⓴⓵⓶⓷ */ "16", "17", "18", "19", "20", "1", "2", "3",
	/* 24F8 ⓸⓹⓺⓻⓼⓽⓾⓿ */ "4", "5", "6", "7", "8", "9", "10", "0",
};

/* U+2C60..U+2C7F: Latin Extended-C */
static const char latin_c_map[][5] = {
	/* 2C60 ⱠⱡⱢⱣⱤⱥⱦⱧ */ "l", "l", "l", "p", "r", "a", "t", "h",
	/* 2C68 ⱨⱩⱪⱫⱬⱭⱮⱯ */ "h", "k", "k", "z", "z", "a", "m", "a",
	/* 2C70 ⱰⱱⱲⱳⱴⱵⱶⱷ */ "o", "v", "w", "w", "v", "h", "h", "f",
	/* 2C78 ⱸⱹⱺⱻⱼⱽⱾⱿ */ "e", "r", "o", "e", "j", "v", "s", "z",
};

/* U+3040..U+30FF: Hiragana and Katakana */
static const char kana_map[][5] = {
	/* 3040 .ぁあぃいぅうぇ */ OTH, "a", "a", "i", "i", "u", "u", "e",
	/* 3048 えぉおかがきぎく */ "e", "o", "o", "ka", "ga", "ki", "gi", "ku",
	/* 3050 ぐけげこごさざし */ "gu", "ke", "ge", "ko",
	                            "go", "sa", "za", "shi",
	/* 3058 じすずせぜそぞた */ "ji", "su", "zu", "se",
	                            "ze", "so", "zo", "ta",
	/* 3060 だちぢっつづてで */ "da", "chi", "ji", JN,
	                            "tsu", "zu", "te", "de",
	/* 3068 とどなにぬねのは */ "to", "do", "na", "ni",
	                            "nu", "ne", "no", "ha",
	/* 3070 ばぱひびぴふぶぷ */ "ba", "pa", "hi", "bi",
	                            "pi", "fu", "bu", "pu",
	/* 3078 へべぺほぼぽまみ */ "he", "be", "pe", "ho",
	                            "bo", "po", "ma", "mi",
	/* 3080 むめもゃやゅゆょ */ "mu", "me", "mo", "ya",
	                            "ya", "yu", "yu", "yo",
	/* 3088 よらりるれろゎわ */ "yo", "ra", "ri", "ru",
	                            "re", "ro", "wa", "wa",
	/* 3090 ゐゑをんゔゕゖ. */ "i", "e", "o", "n", "vu", "ka", "ke", OTH,
	/* 3098 ...゛゜ゝゞゟ */ OTH, JN, JN, JN, JN, JN, JN, "yori",
	/* 30A0 ゠ァアィイゥウェ */ SEP, "a", "a", "i", "i", "u", "u", "e",
	/* 30A8 エォオカガキギク */ "e", "o", "o", "ka", "ga", "ki", "gi", "ku",
	/* 30B0 グケゲコゴサザシ */ "gu", "ke", "ge", "ko",
	                            "go", "sa", "za", "shi",
	/* 30B8 ジスズセゼソゾタ */ "ji", "su", "zu", "se",
	                            "ze", "so", "zo", "ta",
	/* 30C0 ダチヂッツヅテデ */ "da", "chi", "ji", JN,
	                            "tsu", "zu", "te", "de",
	/* 30C8 トドナニヌネノハ */ "to", "do", "na", "ni",
	                            "nu", "ne", "no", "ha",
	/* 30D0 バパヒビピフブプ */ "ba", "pa", "hi", "bi",
	                            "pi", "fu", "bu", "pu",
	/* 30D8 ヘベペホボポマミ */ "he", "be", "pe", "ho",
	                            "bo", "po", "ma", "mi",
	/* 30E0 ムメモャヤュユョ */ "mu", "me", "mo", "ya",
	                            "ya", "yu", "yu", "yo",
	/* 30E8 ヨラリルレロヮワ */ "yo", "ra", "ri", "ru",
	                            "re", "ro", "wa", "wa",
	/* 30F0 ヰヱヲンヴヵヶヷ */ "i", "e", "o", "n", "vu", "ka", "ke", "va",
	/* 30F8 ヸヹヺ・ーヽヾヿ */ "vi", "ve", "vo", SEP, JN, JN, JN, "koto",
};

/* U+A720..U+A7FF: Latin Extended-D */
static const char latin_d_map[][5] = {
	/* A720 ꜠꜡ꜢꜣꜤꜥꜦꜧ */ JN, JN, JN, JN, JN, JN, "h", "h",
	/* A728 ꜨꜩꜪꜫꜬꜭꜮꜯ */ "tz", "tz", "et", "et", "cu", "cu", "cu", "cu",
	/* A730 ꜰꜱꜲꜳꜴꜵꜶꜷ */ "f", "s", "aa", "aa", "ao", "ao", "au", "au",
	/* A738 ꜸꜹꜺꜻꜼꜽꜾꜿ */ "av", "av", "av", "av", "ay", "ay", "c", "c",
	/* A740 ꝀꝁꝂꝃꝄꝅꝆꝇ */ "k", "k", "k", "k", "k", "k", "l", "l",
	/* A748 ꝈꝉꝊꝋꝌꝍꝎꝏ */ "l", "l", "o", "o", "o", "o", "oo", "oo",
	/* A750 ꝐꝑꝒꝓꝔꝕꝖꝗ */ "p", "p", "p", "p", "p", "p", "q", "q",
	/* A758 ꝘꝙꝚꝛꝜꝝꝞꝟ */ "q", "q", "r", "r", "r", "r", "v", "v",
	/* A760 ꝠꝡꝢꝣꝤꝥꝦꝧ */ "vy", "vy", "z", "z", "th", "th", "th", "th",
	/* A768 ꝨꝩꝪꝫꝬꝭꝮꝯ */ "vend", "vend", "et", "et",
	                    "is", "is", "con", "con",
	/* A770 ꝰꝱꝲꝳꝴꝵꝶꝷ */ "us", "d", "l", "m", "n", "r", "r", "t",
	/* A778 ꝸꝹꝺꝻꝼꝽꝾꝿ */ "um", "d", "d", "f", "f", "g", "g", "g",
	/* A780 ꞀꞁꞂꞃꞄꞅꞆꞇ */ "l", "l", "r", "r", "s", "s", "t", "t",
	/* A788 ꞈ꞉꞊ꞋꞌꞍꞎꞏ */ JN, JN, JN, JN, JN, "h", "l", SEP,
	/* A790 ꞐꞑꞒꞓꞔꞕꞖꞗ */ "n", "n", "c", "c", "c", "h", "b", "b",
	/* A798 ꞘꞙꞚꞛꞜꞝꞞꞟ */ "f", "f", "ao", "ao", "ao", "ao", "u", "u",
	/* A7A0 ꞠꞡꞢꞣꞤꞥꞦꞧ */ "g", "g", "k", "k", "n", "n", "r", "r",
	/* A7A8 ꞨꞩꞪꞫꞬꞭꞮꞯ */ "s", "s", "h", "e", "g", "l", "i", "q",
	/* A7B0 ꞰꞱꞲꞳꞴꞵꞶꞷ */ "k", "t", "j", "ch", "v", "v", "o", "o",
	/* A7B8 ꞸꞹꞺꞻꞼꞽꞾꞿ */ "u", "u", "a", "a", "i", "i", "u", "u",
	/* A7C0 ꟀꟁꟂꟃꟄꟅꟆꟇ */ "o", "o", "a", "a", "c", "s", "z", "d",
	/* A7C8 ꟈꟉꟊ..... */ "d", "s", "s", OTH, OTH, OTH, OTH, OTH,
	/* A7D0 Ꟑꟑ.ꟓ.ꟕꟖꟗ */ "g", "g", OTH, "d", OTH, "q", "s", "s",
	/* A7D8 Ꟙꟙ...... */ "s", "s", OTH, OTH, OTH, OTH, OTH, OTH,
	/* A7E0 ........ */ OTH, OTH, OTH, OTH, OTH, OTH, OTH, OTH,
	/* A7E8 ........ */ OTH, OTH, OTH, OTH, OTH, OTH, OTH, OTH,
	/* A7F0 ..ꟲꟳꟴꟵꟶꟷ */ OTH, OTH, "c", "f", "q", "h", "h", "i",
	/* A7F8 ꟸꟹꟺꟻꟼꟽꟾꟿ */ "h", "oe", "m", "f", "p", "m", "i", "m",
};

/* U+AB30..U+AB6F: Latin Extended-E */
static const char latin_e_map[][5] = {
	/* AB30 ꬰꬱꬲꬳꬴꬵꬶꬷ */ "a", "a", "e", "e", "e", "f", "g", "l",
	/* AB38 ꬸꬹꬺꬻꬼꬽꬾꬿ */ "l", "l", "m", "n", "ng", "o", "o", "o",
	/* AB40 ꭀꭁꭂꭃꭄꭅꭆꭇ */ "oe", "oe", "oe", "o", "o", "r", "r", "r",
	/* AB48 ꭈꭉꭊꭋꭌꭍꭎꭏ */ "rr", "r", "rr", "r", "r", "sh", "u", "u",
	/* AB50 ꭐꭑꭒꭓꭔꭕꭖꭗ */ "ui", "ui", "u", "ch", "ch", "ch", "x", "x",
	/* AB58 ꭘꭙꭚ꭛ꭜꭝꭞꭟ */ "x", "x", "y", JN, "h", "l", "l", "u",
	/* AB60 ꭠꭡꭢꭣꭤꭥꭦꭧ */ "e", "ye", "oe", "uo", "a", "o", "dz", "ts",
	/* AB68 ꭨꭩ꭪꭫.... */ "r", "w", SEP, SEP, OTH, OTH, OTH, OTH,
};

/* U+FB00..U+FB17: Latin and Armenian ligatures */
static const char ligature_map[][5] = {
	/* FB00 ﬀﬁﬂﬃﬄﬅﬆ. */ "ff", "fi", "fl", "ffi", "ffl", "st", "st", OTH,
	/* FB08 ........ */ OTH, OTH, OTH, OTH, OTH, OTH, OTH, OTH,
	/* FB10 ...ﬓﬔﬕﬖﬗ */ OTH, OTH, OTH, "mn", "me", "mi", "vn", "mkh",
};

/* U+FB1D..U+FB4F: Hebrew presentation forms */
static const char hebrew_pf_map[][5] = {
	/* FB1D יִ.ײַﬠﬡﬢﬣﬤ */ "y", JN, "ey", JN, JN, "d", "h", "k",
	/* FB25 ﬥﬦﬧﬨ﬩שׁשׂשּׁ */ "l", "m", "r", "t", SEP, "sh", "sh", "sh",
	/* FB2D שּׂאַאָאּבּגּדּהּ */ "sh", JN, JN, JN, "b", "g", "d", "h",
	/* FB35 וּזּ.טּיּךּכּלּ */ "v", "z", OTH, "t", "y", "k", "k", "l",
	/* FB3D .מּ.נּסּ.ףּפּ */ OTH, "m", OTH, "n", "s", OTH, "p", "p",
	/* FB45 .צּקּרּשּתּוֹבֿ */ OTH, "ts", "k", "r", "sh", "t", "v", "b",
	/* FB4D כֿפֿﭏ */ "k", "p", "l",
};

/* U+FB50..U+FDFF: Arabic presentation forms-A */
static const char arabic_pfa_map[][5] = {
	/* FB50 ﭐﭑﭒﭓﭔﭕﭖﭗ */ "a", "a", "b", "b", "b", "b", "p", "p",
	/* FB58 ﭘﭙﭚﭛﭜﭝﭞﭟ */ "p", "p", "b", "b", "b", "b", "t", "t",
	/* FB60 ﭠﭡﭢﭣﭤﭥﭦﭧ */ "t", "t", "t", "t", "t", "t", "t", "t",
	/* FB68 ﭨﭩﭪﭫﭬﭭﭮﭯ */ "t", "t", "v", "v", "v", "v", "p", "p",
	/* FB70 ﭰﭱﭲﭳﭴﭵﭶﭷ */ "p", "p", "j", "j", "j", "j", "ny", "ny",
	/* FB78 ﭸﭹﭺﭻﭼﭽﭾﭿ */ "ny", "ny", "ch", "ch", "ch", "ch", "ch", "ch",
	/* FB80 ﮀﮁﮂﮃﮄﮅﮆﮇ */ "ch", "ch", "d", "d", "d", "d", "d", "d",
	/* FB88 ﮈﮉﮊﮋﮌﮍﮎﮏ */ "d", "d", "zh", "zh", "r", "r", "k", "k",
	/* FB90 ﮐﮑﮒﮓﮔﮕﮖﮗ */ "k", "k", "g", "g", "g", "g", "g", "g",
	/* FB98 ﮘﮙﮚﮛﮜﮝﮞﮟ */ "g", "g", "ng", "ng", "ng", "ng", "n", "n",
	/* FBA0 ﮠﮡﮢﮣﮤﮥﮦﮧ */ "n", "n", "n", "n", "e", "e", "h", "h",
	/* FBA8 ﮨﮩﮪﮫﮬﮭﮮﮯ */ "h", "h", "h", "h", "h", "h", "e", "e",
	/* FBB0 ﮰﮱ﮲﮳﮴﮵﮶﮷ */ "e", "e", SEP, SEP, SEP, SEP, SEP, SEP,
	/* FBB8 ﮸﮹﮺﮻﮼﮽﮾﮿ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* FBC0 ﯀﯁﯂..... */ SEP, SEP, SEP, OTH, OTH, OTH, OTH, OTH,
	/* FBC8 ........ */ OTH, OTH, OTH, OTH, OTH, OTH, OTH, OTH,
	/* FBD0 ...ﯓﯔﯕﯖﯗ */ OTH, OTH, OTH, "ng", "ng", "ng", "ng", "u",
	/* FBD8 ﯘﯙﯚﯛﯜﯝﯞﯟ */ "u", "o", "o", "u", "u", "u", "v", "v",
	/* FBE0 ﯠﯡﯢﯣﯤﯥﯦﯧ */ "o", "o", "u", "u", "e", "e", "e", "e",
	/* FBE8 ﯨﯩﯪﯫﯬﯭﯮﯯ */ "a", "a", "ia", "ia", "ie", "ie", "iu", "iu",
	/* FBF0 ﯰﯱﯲﯳﯴﯵﯶﯷ */ "iu", "iu", "io", "io", "iu", "iu", "ie", "ie",
	/* FBF8 ﯸﯹﯺﯻﯼﯽﯾﯿ */ "ie", "ia", "ia", "ia", "i", "i", "i", "i",
	/* FC00 ﰀﰁﰂﰃﰄﰅﰆﰇ */ "ij", "ih", "im", "ia", "ii", "bj", "bh", "bkh",
	/* FC08 ﰈﰉﰊﰋﰌﰍﰎﰏ */ "bm", "ba", "bi", "tj", "th", "tkh", "tm", "ta",
	/* FC10 ﰐﰑﰒﰓﰔﰕﰖﰗ */ "ti", "thj", "thm", "tha", "thi", "jh", "jm", "hj",
	/* FC18 ﰘﰙﰚﰛﰜﰝﰞﰟ */ "hm", "khj", "khh", "khm", "sj", "sh", "skh", "sm",
	/* FC20 ﰠﰡﰢﰣﰤﰥﰦﰧ */ "sh", "sm", "dj", "dh", "dkh", "dm", "th", "tm",
	/* FC28 ﰨﰩﰪﰫﰬﰭﰮﰯ */ "zm", "aj", "am", "ghj", "ghm", "fj", "fh", "fkh",
	/* FC30 ﰰﰱﰲﰳﰴﰵﰶﰷ */ "fm", "fa", "fi", "qh", "qm", "qa", "qi", "ka",
	/* FC38 ﰸﰹﰺﰻﰼﰽﰾﰿ */ "kj", "kh", "kkh", "kl", "km", "ka", "ki", "lj",
	/* FC40 ﱀﱁﱂﱃﱄﱅﱆﱇ */ "lh", "lkh", "lm", "la", "li", "mj", "mh", "mkh",
	/* FC48 ﱈﱉﱊﱋﱌﱍﱎﱏ */ "mm", "ma", "mi", "nj", "nh", "nkh", "nm", "na",
	/* FC50 ﱐﱑﱒﱓﱔﱕﱖﱗ */ "ni", "hj", "hm", "ha", "hi", "ij", "ih", "ikh",
	/* FC58 ﱘﱙﱚﱛﱜﱝﱞﱟ */ "im", "ia", "ii", "dh", "r", "a", JN, JN,
	/* FC60 ﱠﱡﱢﱣﱤﱥﱦﱧ */ JN, JN, JN, JN, "ir", "iz", "im", "in",
	/* FC68 ﱨﱩﱪﱫﱬﱭﱮﱯ */ "ia", "ii", "br", "bz", "bm", "bn", "ba", "bi",
	/* FC70 ﱰﱱﱲﱳﱴﱵﱶﱷ */ "tr", "tz", "tm", "tn", "ta", "ti", "thr", "thz",
	/* FC78 ﱸﱹﱺﱻﱼﱽﱾﱿ */ "thm", "thn", "tha", "thi", "fa", "fi", "qa", "qi",
	/* FC80 ﲀﲁﲂﲃﲄﲅﲆﲇ */ "ka", "kl", "km", "ka", "ki", "lm", "la", "li",
	/* FC88 ﲈﲉﲊﲋﲌﲍﲎﲏ */ "ma", "mm", "nr", "nz", "nm", "nn", "na", "ni",
	/* FC90 ﲐﲑﲒﲓﲔﲕﲖﲗ */ "a", "ir", "iz", "im", "in", "ia", "ii", "ij",
	/* FC98 ﲘﲙﲚﲛﲜﲝﲞﲟ */ "ih", "ikh", "im", "ih", "bj", "bh", "bkh", "bm",
	/* FCA0 ﲠﲡﲢﲣﲤﲥﲦﲧ */ "bh", "tj", "th", "tkh", "tm", "th", "thm", "jh",
	/* FCA8 ﲨﲩﲪﲫﲬﲭﲮﲯ */ "jm", "hj", "hm", "khj", "khm", "sj", "sh", "skh",
	/* FCB0 ﲰﲱﲲﲳﲴﲵﲶﲷ */ "sm", "sh", "skh", "sm", "dj", "dh", "dkh", "dm",
	/* FCB8 ﲸﲹﲺﲻﲼﲽﲾﲿ */ "th", "zm", "aj", "am", "ghj", "ghm", "fj", "fh",
	/* FCC0 ﳀﳁﳂﳃﳄﳅﳆﳇ */ "fkh", "fm", "qh", "qm", "kj", "kh", "kkh", "kl",
	/* FCC8 ﳈﳉﳊﳋﳌﳍﳎﳏ */ "km", "lj", "lh", "lkh", "lm", "lh", "mj", "mh",
	/* FCD0 ﳐﳑﳒﳓﳔﳕﳖﳗ */ "mkh", "mm", "nj", "nh", "nkh", "nm", "nh", "hj",
	/* FCD8 ﳘﳙﳚﳛﳜﳝﳞﳟ */ "hm", "h", "ij", "ih", "ikh", "im", "ih", "im",
	/* FCE0 ﳠﳡﳢﳣﳤﳥﳦﳧ */ "ih", "bm", "bh", "tm", "th", "thm", "thh", "sm",
	/* FCE8 ﳨﳩﳪﳫﳬﳭﳮﳯ */ "sh", "shm", "shh", "kl", "km", "lm", "nm", "nh",
	/* FCF0 ﳰﳱﳲﳳﳴﳵﳶﳷ */ "im", "ih", JN, JN, JN, "ta", "ti", "aa",
	/* FCF8 ﳸﳹﳺﳻﳼﳽﳾﳿ */ "ai", "gha", "ghi", "sa", "si", "sha", "shi", "ha",
	/* FD00 ﴀﴁﴂﴃﴄﴅﴆﴇ */ "hi", "ja", "ji", "kha", "khi", "sa", "si", "da",
	/* FD08 ﴈﴉﴊﴋﴌﴍﴎﴏ */ "di", "shj", "shh", "shkh",
	                    "shm", "shr", "sr", "sr",
	/* FD10 ﴐﴑﴒﴓﴔﴕﴖﴗ */ "dr", "ta", "ti", "aa", "ai", "gha", "ghi", "sa",
	/* FD18 ﴘﴙﴚﴛﴜﴝﴞﴟ */ "si", "sha", "shi", "ha", "hi", "ja", "ji", "kha",
	/* FD20 ﴠﴡﴢﴣﴤﴥﴦﴧ */ "khi", "sa", "si", "da", "di", "shj", "shh", "shkh",
	/* FD28 ﴨﴩﴪﴫﴬﴭﴮﴯ */ "shm", "shr", "sr", "sr",
	                    "dr", "shj", "shh", "shkh",
	/* FD30 ﴰﴱﴲﴳﴴﴵﴶﴷ */ "shm", "sh", "shh", "tm", "sj", "sh", "skh", "shj",
	/* FD38 ﴸﴹﴺﴻﴼﴽ﴾﴿ */ "shh", "shkh", "tm", "zm", "a", "a", SEP, SEP,
	/* FD40 ﵀﵁﵂﵃﵄﵅﵆﵇ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* FD48 ﵈﵉﵊﵋﵌﵍﵎﵏ */ SEP, SEP, SEP, SEP, SEP, SEP, SEP, SEP,
	/* FD50 ﵐﵑﵒﵓﵔﵕﵖﵗ */ "tjm", "thj", "thj", "thm",
	                    "tkhm", "tmj", "tmh", "tmkh",
	/* FD58 ﵘﵙﵚﵛﵜﵝﵞﵟ */ "jmh", "jmh", "hmi", "hma",
	                    "shj", "sjh", "sja", "smh",
	/* FD60 ﵠﵡﵢﵣﵤﵥﵦﵧ */ "smh", "smj", "smm", "smm",
	                    "shh", "shh", "smm", "shhm",
	/* FD68 ﵨﵩﵪﵫﵬﵭﵮﵯ */ "shhm", "shji", OTH, OTH,
	                    "shmm", "shmm", "dha", "dkhm",
	/* FD70 ﵰﵱﵲﵳﵴﵵﵶﵷ */ "dkhm", "tmh", "tmh", "tmm",
	                    "tmi", "ajm", "amm", "amm",
	/* FD78 ﵸﵹﵺﵻﵼﵽﵾﵿ */ "ama", "ghmm", "ghmi", "ghma",
	                    "fkhm", "fkhm", "qmh", "qmm",
	/* FD80 ﶀﶁﶂﶃﶄﶅﶆﶇ */ "lhm", "lhi", "lha", "ljj",
	                    "ljj", "lkhm", "lkhm", "lmh",
	/* FD88 ﶈﶉﶊﶋﶌﶍﶎﶏ */ "lmh", "mhj", "mhm", "mhi",
	                    "mjh", "mjm", "mkhj", "mkhm",
	/* FD90 ..ﶒﶓﶔﶕﶖﶗ */ OTH, OTH, "mjkh", "hmj", "hmm", "nhm", "nha", "njm",
	/* FD98 ﶘﶙﶚﶛﶜﶝﶞﶟ */ "njm", "nja", "nmi", "nma",
	                    "imm", "imm", "bkhi", "tji",
	/* FDA0 ﶠﶡﶢﶣﶤﶥﶦﶧ */ "tja", "tkhi", "tkha", "tmi",
	                    "tma", "jmi", "jha", "jma",
	/* FDA8 ﶨﶩﶪﶫﶬﶭﶮﶯ */ "skha", "shi", "shhi", "dhi",
	                    "lji", "lmi", "ihi", "iji",
	/* FDB0 ﶰﶱﶲﶳﶴﶵﶶﶷ */ "imi", "mmi", "qmi", "nhi",
	                    "qmh", "lhm", "ami", "kmi",
	/* FDB8 ﶸﶹﶺﶻﶼﶽﶾﶿ */ "njh", "mkhi", "ljm", "kmm",
	                    "ljm", "njh", "jhi", "hji",
	/* FDC0 ﷀﷁﷂﷃﷄﷅﷆﷇ */ "mji", "fmi", "bhi", "kmm",
	                    "ajm", "smm", "skhi", "nji",
	/* FDC8 .......﷏ */ OTH, OTH, OTH, OTH, OTH, OTH, OTH, SEP,
	/* FDD0 ........ */ OTH, OTH, OTH, OTH, OTH, OTH, OTH, OTH,
	/* FDD8 ........ */ OTH, OTH, OTH, OTH, OTH, OTH, OTH, OTH,
	/* FDE0 ........ */ OTH, OTH, OTH, OTH, OTH, OTH, OTH, OTH,
	/* FDE8 ........ */ OTH, OTH, OTH, OTH, OTH, OTH, OTH, OTH,
	/* FDF0 ﷰﷱﷲﷳﷴﷵﷶﷷ */ "sle", "qle", "allh", "akbr",
	                    "mhmd", "slam", "rsul", "alih",
	/* FDF8 ﷸﷹﷺﷻ﷼﷽﷾﷿ */ "uslm", "sla", OTH, OTH, SEP, SEP, SEP, SEP,
};

/* U+FE70..U+FEFF: Arabic presentation forms-B */
static const char arabic_pfb_map[][5] = {
	/* FE70 ﹰﹱﹲﹳﹴ.ﹶﹷ */ JN, JN, JN, JN, JN, OTH, JN, JN,
	/* FE78 ﹸﹹﹺﹻﹼﹽﹾﹿ */ JN, JN, JN, JN, JN, JN, JN, JN,
	/* FE80 ﺀﺁﺂﺃﺄﺅﺆﺇ */ JN, "a", "a", "a", "a", "u", "u", "a",
	/* FE88 ﺈﺉﺊﺋﺌﺍﺎﺏ */ "a", "i", "i", "i", "i", "a", "a", "b",
	/* FE90 ﺐﺑﺒﺓﺔﺕﺖﺗ */ "b", "b", "b", "a", "a", "t", "t", "t",
	/* FE98 ﺘﺙﺚﺛﺜﺝﺞﺟ */ "t", "th", "th", "th", "th", "j", "j", "j",
	/* FEA0 ﺠﺡﺢﺣﺤﺥﺦﺧ */ "j", "h", "h", "h", "h", "kh", "kh", "kh",
	/* FEA8 ﺨﺩﺪﺫﺬﺭﺮﺯ */ "kh", "d", "d", "dh", "dh", "r", "r", "z",
	/* FEB0 ﺰﺱﺲﺳﺴﺵﺶﺷ */ "z", "s", "s", "s", "s", "sh", "sh", "sh",
	/* FEB8 ﺸﺹﺺﺻﺼﺽﺾﺿ */ "sh", "s", "s", "s", "s", "d", "d", "d",
	/* FEC0 ﻀﻁﻂﻃﻄﻅﻆﻇ */ "d", "t", "t", "t", "t", "z", "z", "z",
	/* FEC8 ﻈﻉﻊﻋﻌﻍﻎﻏ */ "z", "a", "a", "a", "a", "gh", "gh", "gh",
	/* FED0 ﻐﻑﻒﻓﻔﻕﻖﻗ */ "gh", "f", "f", "f", "f", "q", "q", "q",
	/* FED8 ﻘﻙﻚﻛﻜﻝﻞﻟ */ "q", "k", "k", "k", "k", "l", "l", "l",
	/* FEE0 ﻠﻡﻢﻣﻤﻥﻦﻧ */ "l", "m", "m", "m", "m", "n", "n", "n",
	/* FEE8 ﻨﻩﻪﻫﻬﻭﻮﻯ */ "n", "h", "h", "h", "h", "u", "u", "a",
	/* FEF0 ﻰﻱﻲﻳﻴﻵﻶﻷ */ "a", "i", "i", "i", "i", "la", "la", "la",
	/* FEF8 ﻸﻹﻺﻻﻼ... */ "la", "la", "la", "la", "la", OTH, OTH, JN,
};

/* U+FF66..U+FF9F: Halfwidth Katakana */
static const char halfwidth_kana_map[][5] = {
	/* FF66 ｦｧｨｩｪｫｬｭ */ "o", "a", "i", "u", "e", "o", "ya", "yu",
	/* FF6E ｮｯｰｱｲｳｴｵ */ "yo", JN, JN, "a", "i", "u", "e", "o",
	/* FF76 ｶｷｸｹｺｻｼｽ */ "ka", "ki", "ku", "ke", "ko", "sa", "shi", "su",
	/* FF7E ｾｿﾀﾁﾂﾃﾄﾅ */ "se", "so", "ta", "chi", "tsu", "te", "to", "na",
	/* FF86 ﾆﾇﾈﾉﾊﾋﾌﾍ */ "ni", "nu", "ne", "no", "ha", "hi", "fu", "he",
	/* FF8E ﾎﾏﾐﾑﾒﾓﾔﾕ */ "ho", "ma", "mi", "mu", "me", "mo", "ya", "yu",
	/* FF96 ﾖﾗﾘﾙﾚﾛﾜﾝ */ "yo", "ra", "ri", "ru", "re", "ro", "wa", "n",
	/* FF9E ﾞﾟ */ JN, JN,
};

/* U+1D6A8..U+1D6E1: Mathematical Greek (one style) */
static const char math_greek_map[][5] = {
	/* 1D6A8 𝚨𝚩𝚪𝚫𝚬𝚭𝚮𝚯 */ "a", "v", "g", "d", "e", "z", "i", "th",
	/* 1D6B0 𝚰𝚱𝚲𝚳𝚴𝚵𝚶𝚷 */ "i", "k", "l", "m", "n", "x", "o", "p",
	/* 1D6B8 𝚸𝚹𝚺𝚻𝚼𝚽𝚾𝚿 */ "r", "th", "s", "t", "y", "f", "ch", "ps",
	/* 1D6C0 𝛀𝛁𝛂𝛃𝛄𝛅𝛆𝛇 */ "o", SEP, "a", "v", "g", "d", "e", "z",
	/* 1D6C8 𝛈𝛉𝛊𝛋𝛌𝛍𝛎𝛏 */ "i", "th", "i", "k", "l", "m", "n", "x",
	/* 1D6D0 𝛐𝛑𝛒𝛓𝛔𝛕𝛖𝛗 */ "o", "p", "r", "s", "s", "t", "y", "f",
	/* 1D6D8 𝛘𝛙𝛚𝛛𝛜𝛝𝛞𝛟 */ "ch", "ps", "o", SEP, "e", "th", "k", "f",
	/* 1D6E0 𝛠𝛡 */ "r", "p",
};

/*
 * The whole of Unicode as sorted, disjoint ranges.  A range maps code point
 * cp to map[(cp - first) % period] (no modulo when period is 0), so that
 * one table serves the repeated alphabets of the mathematical styles.
 * Code points that no range covers are letters of other scripts.
 */
struct fold_range {
	uint32_t first;
	uint32_t last;
	const char (*map)[5];
	uint32_t period;
};

static const char sep_mark[][5] = {SEP};
static const char join_mark[][5] = {JN};

#define ALL_SEP sep_mark, 1
#define ALL_JOIN join_mark, 1

static const struct fold_range ranges[] = {
	{0x0000, 0x007F, ascii_map, 0}, /* Basic Latin */
	{0x0080, 0x00FF, latin1_map, 0}, /* Latin-1 Supplement */
	{0x0100, 0x024F, latin_ext_map, 0}, /* Latin Extended-A and -B */
	{0x0250, 0x02FF, ipa_map, 0}, /* IPA and Spacing Modifier Letters */
	{0x0300, 0x036F, ALL_JOIN}, /* combining grave accent.. */
	{0x0370, 0x03FF, greek_map, 0}, /* Greek and Coptic */
	{0x0400, 0x04FF, cyrillic_map, 0}, /* Cyrillic */
	{0x0530, 0x0588, armenian_map, 0}, /* Armenian */
	{0x0589, 0x058F, ALL_SEP}, /* armenian full stop..armenian dram sign */
	{0x0591, 0x05BD, ALL_JOIN}, /* hebrew accent etnahta.. */
	{0x05BE, 0x05BE, ALL_SEP}, /* hebrew punctuation maqaf */
	{0x05BF, 0x05BF, ALL_JOIN}, /* hebrew point rafe */
	{0x05C0, 0x05C0, ALL_SEP}, /* hebrew punctuation paseq */
	{0x05C1, 0x05C2, ALL_JOIN}, /* hebrew point shin dot.. */
	{0x05C3, 0x05C3, ALL_SEP}, /* hebrew punctuation sof pasuq */
	{0x05C4, 0x05C5, ALL_JOIN}, /* hebrew mark upper dot.. */
	{0x05C6, 0x05C6, ALL_SEP}, /* hebrew punctuation nun hafukha */
	{0x05C7, 0x05C7, ALL_JOIN}, /* hebrew point qamats qatan */
	{0x05D0, 0x05F4, hebrew_map, 0}, /* Hebrew letters */
	{0x0600, 0x060F, ALL_SEP}, /* arabic number sign..arabic sign misra */
	{0x0610, 0x061A, ALL_JOIN}, /* arabic sign sallallahou alayhe.. */
	{0x061B, 0x061B, ALL_SEP}, /* arabic semicolon */
	{0x061C, 0x061C, ALL_JOIN}, /* arabic letter mark */
	{0x061D, 0x061F, ALL_SEP}, /* arabic end of text mark.. */
	{0x0620, 0x06FF, arabic_map, 0}, /* Arabic letters */
	{0x0700, 0x070F, ALL_SEP}, /* syriac end of paragraph.. */
	{0x07C0, 0x07C9, ascii_map + '0', 0}, /* nko digits */
	{0x07F6, 0x07F9, ALL_SEP}, /* nko symbol oo dennen.. */
	{0x07FE, 0x07FF, ALL_SEP}, /* nko dorome sign..nko taman sign */
	{0x0830, 0x083E, ALL_SEP}, /* samaritan punctuation nequdaa.. */
	{0x085E, 0x085E, ALL_SEP}, /* mandaic punctuation */
	{0x0888, 0x0888, ALL_SEP}, /* arabic raised round dot */
	{0x0890, 0x0891, ALL_SEP}, /* arabic pound mark above.. */
	{0x08CA, 0x08E1, ALL_JOIN}, /* arabic small high farsi yeh.. */
	{0x08E2, 0x08E2, ALL_SEP}, /* arabic disputed end of ayah */
	{0x08E3, 0x08FF, ALL_JOIN}, /* arabic turned damma below.. */
	{0x0964, 0x0965, ALL_SEP}, /* devanagari danda.. */
	{0x0966, 0x096F, ascii_map + '0', 0}, /* devanagari digits */
	{0x0970, 0x0970, ALL_SEP}, /* devanagari abbreviation sign */
	{0x09E6, 0x09EF, ascii_map + '0', 0}, /* bengali digits */
	{0x09F2, 0x09F3, ALL_SEP}, /* bengali rupee mark..bengali rupee sign */
	{0x09FA, 0x09FB, ALL_SEP}, /* bengali isshar..bengali ganda mark */
	{0x09FD, 0x09FD, ALL_SEP}, /* bengali abbreviation sign */
	{0x0A66, 0x0A6F, ascii_map + '0', 0}, /* gurmukhi digits */
	{0x0A76, 0x0A76, ALL_SEP}, /* gurmukhi abbreviation sign */
	{0x0AE6, 0x0AEF, ascii_map + '0', 0}, /* gujarati digits */
	{0x0AF0, 0x0AF1, ALL_SEP}, /* gujarati abbreviation sign.. */
	{0x0B66, 0x0B6F, ascii_map + '0', 0}, /* oriya digits */
	{0x0B70, 0x0B70, ALL_SEP}, /* oriya isshar */
	{0x0BE6, 0x0BEF, ascii_map + '0', 0}, /* tamil digits */
	{0x0BF3, 0x0BFA, ALL_SEP}, /* tamil day sign..tamil number sign */
	{0x0C66, 0x0C6F, ascii_map + '0', 0}, /* telugu digits */
	{0x0C77, 0x0C77, ALL_SEP}, /* telugu sign siddham */
	{0x0C7F, 0x0C7F, ALL_SEP}, /* telugu sign tuumu */
	{0x0C84, 0x0C84, ALL_SEP}, /* kannada sign siddham */
	{0x0CE6, 0x0CEF, ascii_map + '0', 0}, /* kannada digits */
	{0x0D4F, 0x0D4F, ALL_SEP}, /* malayalam sign para */
	{0x0D66, 0x0D6F, ascii_map + '0', 0}, /* malayalam digits */
	{0x0D79, 0x0D79, ALL_SEP}, /* malayalam date mark */
	{0x0DE6, 0x0DEF, ascii_map + '0', 0}, /* sinhala lith digits */
	{0x0DF4, 0x0DF4, ALL_SEP}, /* sinhala punctuation kunddaliya */
	{0x0E3F, 0x0E3F, ALL_SEP}, /* thai currency symbol baht */
	{0x0E4F, 0x0E4F, ALL_SEP}, /* thai character fongman */
	{0x0E50, 0x0E59, ascii_map + '0', 0}, /* thai digits */
	{0x0E5A, 0x0E5B, ALL_SEP}, /* thai character angkhankhu.. */
	{0x0ED0, 0x0ED9, ascii_map + '0', 0}, /* lao digits */
	{0x0F01, 0x0F17, ALL_SEP}, /* tibetan mark gter yig mgo truncated a.. */
	{0x0F1A, 0x0F1F, ALL_SEP}, /* tibetan sign rdel dkar gcig.. */
	{0x0F20, 0x0F29, ascii_map + '0', 0}, /* tibetan digits */
	{0x0F34, 0x0F34, ALL_SEP}, /* tibetan mark bsdus rtags */
	{0x0F36, 0x0F36, ALL_SEP}, /* tibetan mark caret -dzud rtags bzhi.. */
	{0x0F38, 0x0F38, ALL_SEP}, /* tibetan mark che mgo */
	{0x0F3A, 0x0F3D, ALL_SEP}, /* tibetan mark gug rtags gyon.. */
	{0x0F85, 0x0F85, ALL_SEP}, /* tibetan mark paluta */
	{0x0FBE, 0x0FC5, ALL_SEP}, /* tibetan ku ru kha.. */
	{0x0FC7, 0x0FDA, ALL_SEP}, /* tibetan symbol rdo rje rgya gram.. */
	{0x1040, 0x1049, ascii_map + '0', 0}, /* myanmar digits */
	{0x104A, 0x104F, ALL_SEP}, /* myanmar sign little section.. */
	{0x1090, 0x1099, ascii_map + '0', 0}, /* myanmar shan digits */
	{0x109E, 0x109F, ALL_SEP}, /* myanmar symbol shan one.. */
	{0x10D0, 0x10FF, georgian_map, 0}, /* Georgian Mkhedruli */
	{0x115F, 0x1160, ALL_JOIN}, /* hangul choseong filler.. */
	{0x1360, 0x1368, ALL_SEP}, /* ethiopic section mark.. */
	{0x1390, 0x1399, ALL_SEP}, /* ethiopic tonal mark yizet.. */
	{0x1400, 0x1400, ALL_SEP}, /* canadian syllabics hyphen */
	{0x166D, 0x166E, ALL_SEP}, /* canadian syllabics chi sign.. */
	{0x1680, 0x1680, ALL_SEP}, /* ogham space mark */
	{0x169B, 0x169C, ALL_SEP}, /* ogham feather mark.. */
	{0x16EB, 0x16ED, ALL_SEP}, /* runic single punctuation.. */
	{0x1735, 0x1736, ALL_SEP}, /* philippine single punctuation.. */
	{0x17B4, 0x17B5, ALL_JOIN}, /* khmer vowel inherent aq.. */
	{0x17D4, 0x17D6, ALL_SEP}, /* khmer sign khan.. */
	{0x17D8, 0x17DB, ALL_SEP}, /* khmer sign beyyal.. */
	{0x17E0, 0x17E9, ascii_map + '0', 0}, /* khmer digits */
	{0x1800, 0x1805, ALL_SEP}, /* mongolian birga..mongolian four dots */
	{0x1806, 0x1806, ALL_JOIN}, /* mongolian todo soft hyphen */
	{0x1807, 0x180A, ALL_SEP}, /* mongolian sibe syllable boundary.. */
	{0x180B, 0x180F, ALL_JOIN}, /* mongolian free variation selector.. */
	{0x1810, 0x1819, ascii_map + '0', 0}, /* mongolian digits */
	{0x1940, 0x1945, ALL_SEP}, /* limbu sign loo..limbu question mark */
	{0x1946, 0x194F, ascii_map + '0', 0}, /* limbu digits */
	{0x19D0, 0x19D9, ascii_map + '0', 0}, /* new tai lue digits */
	{0x19DE, 0x19FF, ALL_SEP}, /* new tai lue sign lae.. */
	{0x1A1E, 0x1A1F, ALL_SEP}, /* buginese pallawa.. */
	{0x1A80, 0x1A89, ascii_map + '0', 0}, /* tai tham hora digits */
	{0x1A90, 0x1A99, ascii_map + '0', 0}, /* tai tham tham digits */
	{0x1AA0, 0x1AA6, ALL_SEP}, /* tai tham sign wiang.. */
	{0x1AA8, 0x1AAD, ALL_SEP}, /* tai tham sign kaan..tai tham sign caang */
	{0x1AB0, 0x1AFF, ALL_JOIN}, /* combining doubled circumflex accent.. */
	{0x1B50, 0x1B59, ascii_map + '0', 0}, /* balinese digits */
	{0x1B5A, 0x1B6A, ALL_SEP}, /* balinese panti.. */
	{0x1B74, 0x1B7E, ALL_SEP}, /* balinese musical symbol right-hand.. */
	{0x1BB0, 0x1BB9, ascii_map + '0', 0}, /* sundanese digits */
	{0x1BFC, 0x1BFF, ALL_SEP}, /* batak symbol bindu na metek.. */
	{0x1C3B, 0x1C3F, ALL_SEP}, /* lepcha punctuation ta-rol.. */
	{0x1C40, 0x1C49, ascii_map + '0', 0}, /* lepcha digits */
	{0x1C50, 0x1C59, ascii_map + '0', 0}, /* ol chiki digits */
	{0x1C7E, 0x1C7F, ALL_SEP}, /* ol chiki punctuation mucaad.. */
	{0x1C80, 0x1C88, cyrillic_c_map, 0}, /* Cyrillic Extended-C */
	{0x1C90, 0x1CBA, georgian_map, 0}, /* Georgian Mtavruli capitals */
	{0x1CBD, 0x1CBF, georgian_map + 0x2D, 0}, /* Mtavruli aen.. */
	{0x1CC0, 0x1CC7, ALL_SEP}, /* sundanese punctuation bindu surya.. */
	{0x1CD3, 0x1CD3, ALL_SEP}, /* vedic sign nihshvasa */
	{0x1D00, 0x1DBF, phonetic_map, 0}, /* Phonetic Extensions */
	{0x1DC0, 0x1DFF, ALL_JOIN}, /* combining dotted grave accent.. */
	{0x1E00, 0x1EFF, latin_add_map, 0}, /* Latin Extended Additional */
	{0x1F00, 0x1FFF, greek_ext_map, 0}, /* Greek Extended */
	{0x2000, 0x200A, ALL_SEP}, /* en quad..hair space */
	{0x200B, 0x200F, ALL_JOIN}, /* zero width space..right-to-left mark */
	{0x2010, 0x2017, ALL_SEP}, /* hyphen..double low line */
	{0x2018, 0x2019, ALL_JOIN}, /* left single quotation mark.. */
	{0x201A, 0x201A, ALL_SEP}, /* single low-9 quotation mark */
	{0x201B, 0x201B, ALL_JOIN}, /* single high-reversed-9 quotation mark */
	{0x201C, 0x2029, ALL_SEP}, /* left double quotation mark.. */
	{0x202A, 0x202E, ALL_JOIN}, /* left-to-right embedding.. */
	{0x202F, 0x2031, ALL_SEP}, /* narrow no-break space.. */
	{0x2032, 0x2037, ALL_JOIN}, /* prime..reversed triple prime */
	{0x2038, 0x205F, ALL_SEP}, /* caret..medium mathematical space */
	{0x2060, 0x206F, ALL_JOIN}, /* word joiner..nominal digit shapes */
	{0x2070, 0x209F, super_map, 0}, /* Superscripts and Subscripts */
	{0x20A0, 0x20C0, ALL_SEP}, /* euro-currency sign..som sign */
	{0x20D0, 0x20FF, ALL_JOIN}, /* combining left harpoon above..U+20FF */
	{0x2100, 0x218F, letterlike_map, 0}, /* Letterlike, Number Forms */
	{0x2190, 0x244A, ALL_SEP}, /* leftwards arrow..ocr double backslash */
	{0x2460, 0x24FF, enclosed_map, 0}, /* Enclosed Alphanumerics */
	{0x2500, 0x2775, ALL_SEP}, /* box drawings light horizontal.. */
	{0x2794, 0x2BFF, ALL_SEP}, /* heavy wide-headed rightwards arrow.. */
	{0x2C60, 0x2C7F, latin_c_map, 0}, /* Latin Extended-C */
	{0x2CE5, 0x2CEA, ALL_SEP}, /* coptic symbol mi ro.. */
	{0x2CF9, 0x2CFC, ALL_SEP}, /* coptic old nubian full stop.. */
	{0x2CFE, 0x2CFF, ALL_SEP}, /* coptic full stop.. */
	{0x2D70, 0x2D70, ALL_SEP}, /* tifinagh separator mark */
	{0x2E00, 0x2E2E, ALL_SEP}, /* right angle substitution marker.. */
	{0x2E30, 0x2E5D, ALL_SEP}, /* ring point..oblique hyphen */
	{0x2FF0, 0x3004, ALL_SEP}, /* ideographic description character.. */
	{0x3008, 0x3020, ALL_SEP}, /* left angle bracket..postal mark face */
	{0x3030, 0x3030, ALL_SEP}, /* wavy dash */
	{0x3036, 0x3037, ALL_SEP}, /* circled postal mark.. */
	{0x303D, 0x303F, ALL_SEP}, /* part alternation mark.. */
	{0x3040, 0x30FF, kana_map, 0}, /* Hiragana and Katakana */
	{0x3164, 0x3164, ALL_JOIN}, /* hangul filler */
	{0x4DC0, 0x4DFF, ALL_SEP}, /* hexagram for the creative heaven.. */
	{0xA490, 0xA4C6, ALL_SEP}, /* yi radical qot..yi radical ke */
	{0xA4FE, 0xA4FF, ALL_SEP}, /* lisu punctuation comma.. */
	{0xA60D, 0xA60F, ALL_SEP}, /* vai comma..vai question mark */
	{0xA620, 0xA629, ascii_map + '0', 0}, /* vai digits */
	{0xA673, 0xA673, ALL_SEP}, /* slavonic asterisk */
	{0xA67E, 0xA67E, ALL_SEP}, /* cyrillic kavyka */
	{0xA6F2, 0xA6F7, ALL_SEP}, /* bamum njaemli..bamum question mark */
	{0xA700, 0xA71F, ALL_JOIN}, /* modifier letter chinese tone yin.. */
	{0xA720, 0xA7FF, latin_d_map, 0}, /* Latin Extended-D */
	{0xA828, 0xA82B, ALL_SEP}, /* syloti nagri poetry mark-1.. */
	{0xA836, 0xA839, ALL_SEP}, /* north indic quarter mark.. */
	{0xA874, 0xA877, ALL_SEP}, /* phags-pa single head mark.. */
	{0xA8CE, 0xA8CF, ALL_SEP}, /* saurashtra danda.. */
	{0xA8D0, 0xA8D9, ascii_map + '0', 0}, /* saurashtra digits */
	{0xA8F8, 0xA8FA, ALL_SEP}, /* devanagari sign pushpika.. */
	{0xA8FC, 0xA8FC, ALL_SEP}, /* devanagari sign siddham */
	{0xA900, 0xA909, ascii_map + '0', 0}, /* kayah li digits */
	{0xA92E, 0xA92F, ALL_SEP}, /* kayah li sign cwi..kayah li sign shya */
	{0xA95F, 0xA95F, ALL_SEP}, /* rejang section mark */
	{0xA9C1, 0xA9CD, ALL_SEP}, /* javanese left rerenggan.. */
	{0xA9D0, 0xA9D9, ascii_map + '0', 0}, /* javanese digits */
	{0xA9DE, 0xA9DF, ALL_SEP}, /* javanese pada tirta tumetes.. */
	{0xA9F0, 0xA9F9, ascii_map + '0', 0}, /* myanmar tai laing digits */
	{0xAA50, 0xAA59, ascii_map + '0', 0}, /* cham digits */
	{0xAA5C, 0xAA5F, ALL_SEP}, /* cham punctuation spiral.. */
	{0xAA77, 0xAA79, ALL_SEP}, /* myanmar symbol aiton exclamation.. */
	{0xAADE, 0xAADF, ALL_SEP}, /* tai viet symbol ho hoi.. */
	{0xAAF0, 0xAAF1, ALL_SEP}, /* meetei mayek cheikhan.. */
	{0xAB30, 0xAB6F, latin_e_map, 0}, /* Latin Extended-E */
	{0xABEB, 0xABEB, ALL_SEP}, /* meetei mayek cheikhei */
	{0xABF0, 0xABF9, ascii_map + '0', 0}, /* meetei mayek digits */
	{0xFB00, 0xFB17, ligature_map, 0}, /* Latin, Armenian ligatures */
	{0xFB1D, 0xFB4F, hebrew_pf_map, 0}, /* Hebrew presentation forms */
	{0xFB50, 0xFDFF, arabic_pfa_map, 0}, /* Arabic pres. forms-A */
	{0xFE00, 0xFE0F, ALL_JOIN}, /* variation selector-1.. */
	{0xFE10, 0xFE19, ALL_SEP}, /* presentation form for vertical comma.. */
	{0xFE20, 0xFE2F, ALL_JOIN}, /* combining ligature left half.. */
	{0xFE30, 0xFE6B, ALL_SEP}, /* presentation form for vertical two.. */
	{0xFE70, 0xFEFF, arabic_pfb_map, 0}, /* Arabic pres. forms-B, ZWNBSP */
	{0xFF01, 0xFF5E, ascii_map + 0x21, 0}, /* Fullwidth ASCII */
	{0xFF5F, 0xFF65, ALL_SEP}, /* fullwidth left white parenthesis.. */
	{0xFF66, 0xFF9F, halfwidth_kana_map, 0}, /* Halfwidth Katakana */
	{0xFFA0, 0xFFA0, ALL_JOIN}, /* halfwidth hangul filler */
	{0xFFE0, 0xFFEE, ALL_SEP}, /* fullwidth cent sign.. */
	{0xFFF0, 0xFFF8, ALL_JOIN}, /* U+FFF0..U+FFF8 */
	{0xFFF9, 0xFFFD, ALL_SEP}, /* interlinear annotation anchor.. */
	{0x10100, 0x10102, ALL_SEP}, /* aegean word separator line.. */
	{0x10137, 0x1013F, ALL_SEP}, /* aegean weight base unit.. */
	{0x10179, 0x10189, ALL_SEP}, /* greek year sign.. */
	{0x1018C, 0x101FC, ALL_SEP}, /* greek sinusoid sign.. */
	{0x1039F, 0x1039F, ALL_SEP}, /* ugaritic word divider */
	{0x103D0, 0x103D0, ALL_SEP}, /* old persian word divider */
	{0x104A0, 0x104A9, ascii_map + '0', 0}, /* osmanya digits */
	{0x1056F, 0x1056F, ALL_SEP}, /* caucasian albanian citation mark */
	{0x10857, 0x10857, ALL_SEP}, /* imperial aramaic section sign */
	{0x10877, 0x10878, ALL_SEP}, /* palmyrene left-pointing fleuron.. */
	{0x1091F, 0x1091F, ALL_SEP}, /* phoenician word separator */
	{0x1093F, 0x1093F, ALL_SEP}, /* lydian triangular mark */
	{0x10A50, 0x10A58, ALL_SEP}, /* kharoshthi punctuation dot.. */
	{0x10A7F, 0x10A7F, ALL_SEP}, /* old south arabian numeric indicator */
	{0x10AC8, 0x10AC8, ALL_SEP}, /* manichaean sign ud */
	{0x10AF0, 0x10AF6, ALL_SEP}, /* manichaean punctuation star.. */
	{0x10B39, 0x10B3F, ALL_SEP}, /* avestan abbreviation mark.. */
	{0x10B99, 0x10B9C, ALL_SEP}, /* psalter pahlavi section mark.. */
	{0x10D30, 0x10D39, ascii_map + '0', 0}, /* hanifi rohingya digits */
	{0x10EAD, 0x10EAD, ALL_SEP}, /* yezidi hyphenation mark */
	{0x10F55, 0x10F59, ALL_SEP}, /* sogdian punctuation two vertical.. */
	{0x10F86, 0x10F89, ALL_SEP}, /* old uyghur punctuation bar.. */
	{0x11047, 0x1104D, ALL_SEP}, /* brahmi danda.. */
	{0x11066, 0x1106F, ascii_map + '0', 0}, /* brahmi digits */
	{0x110BB, 0x110C1, ALL_SEP}, /* kaithi abbreviation sign.. */
	{0x110CD, 0x110CD, ALL_SEP}, /* kaithi number sign above */
	{0x110F0, 0x110F9, ascii_map + '0', 0}, /* sora sompeng digits */
	{0x11136, 0x1113F, ascii_map + '0', 0}, /* chakma digits */
	{0x11140, 0x11143, ALL_SEP}, /* chakma section mark.. */
	{0x11174, 0x11175, ALL_SEP}, /* mahajani abbreviation sign.. */
	{0x111C5, 0x111C8, ALL_SEP}, /* sharada danda..sharada separator */
	{0x111CD, 0x111CD, ALL_SEP}, /* sharada sutra mark */
	{0x111D0, 0x111D9, ascii_map + '0', 0}, /* sharada digits */
	{0x111DB, 0x111DB, ALL_SEP}, /* sharada sign siddham */
	{0x111DD, 0x111DF, ALL_SEP}, /* sharada continuation sign.. */
	{0x11238, 0x1123D, ALL_SEP}, /* khojki danda.. */
	{0x112A9, 0x112A9, ALL_SEP}, /* multani section mark */
	{0x112F0, 0x112F9, ascii_map + '0', 0}, /* khudawadi digits */
	{0x1144B, 0x1144F, ALL_SEP}, /* newa danda..newa abbreviation sign */
	{0x11450, 0x11459, ascii_map + '0', 0}, /* newa digits */
	{0x1145A, 0x1145D, ALL_SEP}, /* newa double comma.. */
	{0x114C6, 0x114C6, ALL_SEP}, /* tirhuta abbreviation sign */
	{0x114D0, 0x114D9, ascii_map + '0', 0}, /* tirhuta digits */
	{0x115C1, 0x115D7, ALL_SEP}, /* siddham sign siddham.. */
	{0x11641, 0x11643, ALL_SEP}, /* modi danda..modi abbreviation sign */
	{0x11650, 0x11659, ascii_map + '0', 0}, /* modi digits */
	{0x11660, 0x1166C, ALL_SEP}, /* mongolian birga with ornament.. */
	{0x116B9, 0x116B9, ALL_SEP}, /* takri abbreviation sign */
	{0x116C0, 0x116C9, ascii_map + '0', 0}, /* takri digits */
	{0x11730, 0x11739, ascii_map + '0', 0}, /* ahom digits */
	{0x1173C, 0x1173F, ALL_SEP}, /* ahom sign small section.. */
	{0x1183B, 0x1183B, ALL_SEP}, /* dogra abbreviation sign */
	{0x118E0, 0x118E9, ascii_map + '0', 0}, /* warang citi digits */
	{0x11944, 0x11946, ALL_SEP}, /* dives akuru double danda.. */
	{0x11950, 0x11959, ascii_map + '0', 0}, /* dives akuru digits */
	{0x119E2, 0x119E2, ALL_SEP}, /* nandinagari sign siddham */
	{0x11A3F, 0x11A46, ALL_SEP}, /* zanabazar square initial head mark.. */
	{0x11A9A, 0x11A9C, ALL_SEP}, /* soyombo mark tsheg.. */
	{0x11A9E, 0x11AA2, ALL_SEP}, /* soyombo head mark with moon and sun.. */
	{0x11C41, 0x11C45, ALL_SEP}, /* bhaiksuki danda.. */
	{0x11C50, 0x11C59, ascii_map + '0', 0}, /* bhaiksuki digits */
	{0x11C70, 0x11C71, ALL_SEP}, /* marchen head mark..marchen mark shad */
	{0x11D50, 0x11D59, ascii_map + '0', 0}, /* masaram gondi digits */
	{0x11DA0, 0x11DA9, ascii_map + '0', 0}, /* gunjala gondi digits */
	{0x11EF7, 0x11EF8, ALL_SEP}, /* makasar passimbang.. */
	{0x11FD5, 0x11FFF, ALL_SEP}, /* tamil sign nel.. */
	{0x12470, 0x12474, ALL_SEP}, /* cuneiform punctuation sign old.. */
	{0x12FF1, 0x12FF2, ALL_SEP}, /* cypro-minoan sign cm301.. */
	{0x13430, 0x13438, ALL_SEP}, /* egyptian hieroglyph vertical joiner.. */
	{0x16A60, 0x16A69, ascii_map + '0', 0}, /* mro digits */
	{0x16A6E, 0x16A6F, ALL_SEP}, /* mro danda..mro double danda */
	{0x16AC0, 0x16AC9, ascii_map + '0', 0}, /* tangsa digits */
	{0x16AF5, 0x16AF5, ALL_SEP}, /* bassa vah full stop */
	{0x16B37, 0x16B3F, ALL_SEP}, /* pahawh hmong sign vos thom.. */
	{0x16B44, 0x16B45, ALL_SEP}, /* pahawh hmong sign xaus.. */
	{0x16B50, 0x16B59, ascii_map + '0', 0}, /* pahawh hmong digits */
	{0x16E97, 0x16E9A, ALL_SEP}, /* medefaidrin comma.. */
	{0x16FE2, 0x16FE2, ALL_SEP}, /* old chinese hook mark */
	{0x1BC9C, 0x1BC9C, ALL_SEP}, /* duployan sign o with cross */
	{0x1BC9F, 0x1BC9F, ALL_SEP}, /* duployan punctuation chinook full.. */
	{0x1BCA0, 0x1BCA3, ALL_JOIN}, /* shorthand format letter overlap.. */
	{0x1CF50, 0x1D164, ALL_SEP}, /* znamenny neume kryuk.. */
	{0x1D16A, 0x1D16C, ALL_SEP}, /* musical symbol fingered tremolo-1.. */
	{0x1D173, 0x1D17A, ALL_JOIN}, /* musical symbol begin beam.. */
	{0x1D183, 0x1D184, ALL_SEP}, /* musical symbol arpeggiato up.. */
	{0x1D18C, 0x1D1A9, ALL_SEP}, /* musical symbol rinforzando.. */
	{0x1D1AE, 0x1D241, ALL_SEP}, /* musical symbol pedal mark.. */
	{0x1D245, 0x1D245, ALL_SEP}, /* greek musical leimma */
	{0x1D300, 0x1D356, ALL_SEP}, /* monogram for earth.. */
	{0x1D400, 0x1D6A3, ascii_map + 'a', 26}, /* mathematical bold.. */
	{0x1D6A4, 0x1D6A5, ascii_map + 'i', 0}, /* Mathematical dotless i, j */
	{0x1D6A8, 0x1D7C9, math_greek_map, 58}, /* mathematical bold.. */
	{0x1D7CE, 0x1D7FF, ascii_map + '0', 10}, /* mathematical bold digit.. */
	{0x1D800, 0x1D9FF, ALL_SEP}, /* signwriting hand-fist index.. */
	{0x1DA37, 0x1DA3A, ALL_SEP}, /* signwriting air blow small.. */
	{0x1DA6D, 0x1DA74, ALL_SEP}, /* signwriting shoulder hip spine.. */
	{0x1DA76, 0x1DA83, ALL_SEP}, /* signwriting limb combination.. */
	{0x1DA85, 0x1DA8B, ALL_SEP}, /* signwriting location torso.. */
	{0x1E140, 0x1E149, ascii_map + '0', 0}, /* nyiakeng puachue hmong.. */
	{0x1E14F, 0x1E14F, ALL_SEP}, /* nyiakeng puachue hmong circled ca */
	{0x1E2F0, 0x1E2F9, ascii_map + '0', 0}, /* wancho digits */
	{0x1E2FF, 0x1E2FF, ALL_SEP}, /* wancho ngun sign */
	{0x1E950, 0x1E959, ascii_map + '0', 0}, /* adlam digits */
	{0x1E95E, 0x1E95F, ALL_SEP}, /* adlam initial exclamation mark.. */
	{0x1ECAC, 0x1ECAC, ALL_SEP}, /* indic siyaq placeholder */
	{0x1ECB0, 0x1ECB0, ALL_SEP}, /* indic siyaq rupee mark */
	{0x1ED2E, 0x1ED2E, ALL_SEP}, /* ottoman siyaq marratan */
	{0x1EEF0, 0x1F0F5, ALL_SEP}, /* arabic mathematical operator meem.. */
	{0x1F10D, 0x1F10F, ALL_SEP}, /* circled zero with slash.. */
	{0x1F110, 0x1F129, ascii_map + 'a', 0}, /* Parenthesized A-Z */
	{0x1F12A, 0x1F12F, ALL_SEP}, /* tortoise shell bracketed latin.. */
	{0x1F130, 0x1F149, ascii_map + 'a', 0}, /* Squared A-Z */
	{0x1F14A, 0x1F14F, ALL_SEP}, /* squared hv..squared wc */
	{0x1F150, 0x1F169, ascii_map + 'a', 0}, /* Negative circled A-Z */
	{0x1F16A, 0x1F16F, ALL_SEP}, /* raised mc sign..circled human figure */
	{0x1F170, 0x1F189, ascii_map + 'a', 0}, /* Negative squared A-Z */
	{0x1F18A, 0x1F1FF, ALL_SEP}, /* crossed negative squared latin.. */
	{0x1F300, 0x1FBCA, ALL_SEP}, /* cyclone..white up-pointing chevron */
	{0x1FBF0, 0x1FBF9, ascii_map + '0', 0}, /* segmented digits */
	{0xE0000, 0xE0FFF, ALL_JOIN}, /* U+E0000..U+E0FFF */
};

/*
 * Uppercase letters of the cased scripts that have no table (Georgian
 * Asomtavruli, Glagolitic, Coptic, ...), so that OTHER output is lowercase
 * as well.  From the Unicode 14.0 simple lowercase mappings.  With step 2
 * only every other code point from first is uppercase (the letters come
 * in upper/lower pairs).
 */
struct case_range {
	uint32_t first;
	uint32_t last;
	int32_t delta;
	uint32_t step;
};

static const struct case_range upper_ranges[] = {
	{0x0372, 0x0372, 1, 1}, /* greek capital letter archaic sampi */
	{0x0376, 0x0376, 1, 1}, /* greek capital letter pamphylian digamma */
	{0x03CF, 0x03CF, 8, 1}, /* greek capital kai symbol */
	{0x03D8, 0x03D8, 1, 1}, /* greek letter archaic koppa */
	{0x03DC, 0x03EE, 1, 2}, /* greek letter digamma */
	{0x03F7, 0x03F7, 1, 1}, /* greek capital letter sho */
	{0x03FA, 0x03FA, 1, 1}, /* greek capital letter san */
	{0x0500, 0x052E, 1, 2}, /* cyrillic capital letter komi de */
	{0x10A0, 0x10C5, 7264, 1}, /* georgian capital letter an */
	{0x10C7, 0x10C7, 7264, 1}, /* georgian capital letter yn */
	{0x10CD, 0x10CD, 7264, 1}, /* georgian capital letter aen */
	{0x13A0, 0x13EF, 38864, 1}, /* cherokee letter a */
	{0x13F0, 0x13F5, 8, 1}, /* cherokee letter ye */
	{0x2C00, 0x2C2F, 48, 1}, /* glagolitic capital letter azu */
	{0x2C80, 0x2CE2, 1, 2}, /* coptic capital letter alfa */
	{0x2CEB, 0x2CED, 1, 2}, /* coptic capital letter cryptogrammic shei */
	{0x2CF2, 0x2CF2, 1, 1}, /* coptic capital letter bohairic khei */
	{0xA640, 0xA66C, 1, 2}, /* cyrillic capital letter zemlya */
	{0xA680, 0xA69A, 1, 2}, /* cyrillic capital letter dwe */
	{0x10400, 0x10427, 40, 1}, /* deseret capital letter long i */
	{0x104B0, 0x104D3, 40, 1}, /* osage capital letter a */
	{0x10570, 0x1057A, 39, 1}, /* vithkuqi capital letter a */
	{0x1057C, 0x1058A, 39, 1}, /* vithkuqi capital letter ha */
	{0x1058C, 0x10592, 39, 1}, /* vithkuqi capital letter se */
	{0x10594, 0x10595, 39, 1}, /* vithkuqi capital letter y */
	{0x10C80, 0x10CB2, 64, 1}, /* old hungarian capital letter a */
	{0x118A0, 0x118BF, 32, 1}, /* warang citi capital letter ngaa */
	{0x16E40, 0x16E5F, 32, 1}, /* medefaidrin capital letter m */
	{0x1E900, 0x1E921, 34, 1}, /* adlam capital letter alif */
};

/* clang-format on */

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

size_t ec__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	uint32_t c;
	size_t len, i;

	if (n == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	/* 0x80..0xBF cannot start a sequence; 0xC0 and 0xC1 only overlong */
	if (s[0] < 0xC2)
		return 0;
	if (s[0] < 0xE0) {
		len = 2;
		c = s[0] & 0x1Fu;
	} else if (s[0] < 0xF0) {
		len = 3;
		c = s[0] & 0x0Fu;
	} else if (s[0] < 0xF5) {
		len = 4;
		c = s[0] & 0x07u;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0u) != 0x80u)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) ||
	    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
		return 0;
	*cp = c;
	return len;
}

/* The table entry for cp; OTH when no range covers it. */
static const char *lookup(uint32_t cp)
{
	size_t lo = 0, hi = ARRAY_LEN(ranges), mid;
	const struct fold_range *r;
	uint32_t i;

	/* most names are mostly ASCII: skip the search */
	if (cp < 0x80)
		return ascii_map[cp];
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = &ranges[mid];
		if (cp < r->first) {
			hi = mid;
		} else if (cp > r->last) {
			lo = mid + 1;
		} else {
			i = cp - r->first;
			if (r->period)
				i %= r->period;
			return r->map[i];
		}
	}
	return OTH;
}

static uint32_t to_lower(uint32_t cp)
{
	size_t lo = 0, hi = ARRAY_LEN(upper_ranges), mid;
	const struct case_range *r;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		r = &upper_ranges[mid];
		if (cp < r->first) {
			hi = mid;
		} else if (cp > r->last) {
			lo = mid + 1;
		} else {
			if ((cp - r->first) % r->step)
				return cp;
			return (uint32_t)((int32_t)cp + r->delta);
		}
	}
	return cp;
}

/* cp is a valid scalar value here, so 1..4 bytes */
static size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

enum ec__fold_class ec__fold_cp(uint32_t cp, char out[8], size_t *outlen)
{
	const char *s;
	size_t n;

	*outlen = 0;
	/* not characters: a boundary, so they can never glue two words */
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return EC__FOLD_SEP;
	s = lookup(cp);
	if (s[0] == SEP[0])
		return EC__FOLD_SEP;
	if (s[0] == JN[0])
		return EC__FOLD_JOIN;
	if (s[0] == '\0') {
		*outlen = utf8_encode(to_lower(cp), out);
		return EC__FOLD_OTHER;
	}
	for (n = 0; n < 4 && s[n]; n++)
		out[n] = s[n];
	*outlen = n;
	return EC__FOLD_LETTER;
}
