// The type Excel's invocation argument has, as far as the add-in reads it. custom-functions-metadata
// recognises a last parameter of type CustomFunctions.Invocation by name and leaves it out of
// functions.json; Excel then passes the invocation object as that argument.
declare namespace CustomFunctions {
  interface Invocation {
    /** The calling cell, when the function's metadata asks for it. */
    address?: string;
    functionName?: string;
    /** True while the user is still typing the formula (the formula value preview). */
    isInValuePreview?: boolean;
  }
}
