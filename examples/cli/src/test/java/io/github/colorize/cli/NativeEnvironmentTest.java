package io.github.colorize.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeEnvironmentTest {

  @Test
  void setsAVariableTheCLibrarySeesButNeverOverridesOne() {
    String name = "COLORIZE_TEST_" + System.nanoTime();
    assertThat(NativeEnvironment.get(name)).isNull();
    assertThat(NativeEnvironment.setIfAbsent(name, "first")).isTrue();
    assertThat(NativeEnvironment.get(name)).isEqualTo("first");
    assertThat(NativeEnvironment.setIfAbsent(name, "second")).isTrue();
    assertThat(NativeEnvironment.get(name)).isEqualTo("first");
  }
}
