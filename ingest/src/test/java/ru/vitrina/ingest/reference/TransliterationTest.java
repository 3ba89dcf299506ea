package ru.vitrina.ingest.reference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class TransliterationTest {
    @ParameterizedTest
    @CsvSource({
            "Томская область, Tomsk Oblast",
            "Асиновский район, Asinovsky District",
            "Первомайский район, Pervomaysky District",
            "Кривошеинский район, Krivosheinsky District",
            "Зырянский район, Zyryansky District",
            "Тегульдетский район, Teguldetsky District",
            "город Томск, Tomsk City",
            "город Кедровый, Kedrovy City",
            "город Стрежевой, Strezhevoy City",
            "ЗАТО Северск, ZATO Seversk",
            "Асиновское городское поселение, Asinovskoye Urban Settlement",
            "Улу-Юльское сельское поселение, Ulu-Yulskoye Rural Settlement",
            "Трубачёвское сельское поселение, Trubachyovskoye Rural Settlement",
            "Ягодное сельское поселение, Yagodnoye Rural Settlement",
            "Лукашкин-Ярское сельское поселение, Lukashkin-Yarskoye Rural Settlement"})
    void namesTerritoriesInEnglish(String russian, String english) {
        assertThat(Transliteration.nameEn(russian)).isEqualTo(english);
    }

    @ParameterizedTest
    @CsvSource({"Щучье, Shchuchye", "Ёлкино, Yolkino", "Хабаровск, Khabarovsk", "ОКТМО 69, OKTMO 69"})
    void romanisesLetters(String russian, String latin) {
        assertThat(Transliteration.latin(russian)).isEqualTo(latin);
    }
}
