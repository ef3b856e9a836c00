package com.loandesk.policies;

import com.loandesk.rules.PolicyBook;
import java.nio.file.Path;

/**
 * The policy book read from a directory of YAML files ({@code conf/policies}). Reading and parsing live here, so the
 * {@code rules} package stays pure: no files, no YAML.
 */
public final class PolicyFiles {

    private PolicyFiles() {
    }

    /** Every {@code *.yaml} policy in {@code dir}, each jurisdiction judged by its law alone. */
    public static PolicyBook load(Path dir) {
        return new PolicyBook(PolicyLoader.loadDirectory(dir));
    }

    /** Every {@code *.yaml} policy in {@code dir}, with {@code housePolicy} judged on top of each law ("none": no house policy). */
    public static PolicyBook load(Path dir, String housePolicy) {
        return new PolicyBook(PolicyLoader.loadDirectory(dir), housePolicy);
    }
}
