package dev.rtnl4j.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FnmatchTest {
  @ParameterizedTest(name = "fnmatch({0}, {1}) = {2}")
  @CsvSource(delimiter = '|', value = {
      "*|anything|true", "*|''|true", "a*|abc|true", "a*c|abxc|true", "a*c|abxd|false",
      "pci:v00008086d*sv*sd*bc*sc*i*|pci:v00008086d000010D3sv00008086sd0000A01Fbc02sc00i00|true",
      "?|a|true", "?|ab|false", "a?c|abc|true",
      "[abc]|b|true", "[abc]|d|false", "[a-c]x|bx|true", "[!a-c]x|dx|true", "[^a-c]x|bx|false",
      "[]]|]|true", "[a-]|-|true", "[[:digit:]]*|7up|true", "[[:alpha:]]|7|false",
      "\\*|*|true", "\\*|a|false", "a[bc|a[bc|true", "snd_*|snd_pcsp|true", "snd_*|sound|false",
      "*/*|a/b|true", ".*|.hidden|true", "*a*b*c*|xxaxxbxxcxx|true", "*a*b*c*|xxaxxcxxbxx|false",
  })
  void matchesAsGlibcFnmatchWithNoFlags(String pattern, String s, boolean expected) {
    assertEquals(expected, Fnmatch.matches(pattern, s));
  }
}
