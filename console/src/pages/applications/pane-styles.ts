/** The layout shared by the application pane's tabs and dialogs. */
import { makeStyles, tokens } from '@fluentui/react-components';

export const usePaneStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalM },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
  grow: { flexGrow: 1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  secret: {
    fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase400, padding: tokens.spacingVerticalM, overflowWrap: 'anywhere',
    backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium, userSelect: 'all',
  },
  choices: { maxHeight: '40vh', overflowY: 'auto', display: 'flex', flexDirection: 'column' },
});
