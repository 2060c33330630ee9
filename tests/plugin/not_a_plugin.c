/* A shared library without cartgate's entry point: the loader must refuse it. */
int cartgate_unrelated_symbol(void) {
  return 42;
}
