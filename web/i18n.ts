export type Lang = 'vi' | 'en';

export function langOf(query: string | undefined): Lang {
  return query === 'en' ? 'en' : 'vi';
}

/** Every sentence a person reads on the pages, Vietnamese first (glossary.md wording). */
export const TEXT = {
  appName: { vi: 'Đánh giá sự hài lòng', en: 'Satisfaction rating' },
  question: {
    vi: 'Ông/Bà hài lòng với sự phục vụ hôm nay như thế nào?',
    en: 'How satisfied are you with today’s service?',
  },
  reasonsQuestion: {
    vi: 'Điều gì làm Ông/Bà chưa hài lòng? (có thể chọn nhiều)',
    en: 'What was not satisfactory? (choose any)',
  },
  send: { vi: 'Gửi đánh giá', en: 'Send rating' },
  skip: { vi: 'Bỏ qua', en: 'Skip' },
  thanks: { vi: 'Cảm ơn Ông/Bà đã đánh giá!', en: 'Thank you for your rating!' },
  pending: { vi: 'Đang chờ gửi', en: 'Waiting to send' },
  noKey: {
    vi: 'Thiết bị chưa được cấp khóa. Cán bộ quản trị mở địa chỉ có khóa thiết bị một lần để kích hoạt.',
    en: 'This device has no key yet. An administrator opens the address with the device key once to activate it.',
  },
  deviceUnknown: { vi: 'Không tìm thấy thiết bị đánh giá này.', en: 'This rating device does not exist.' },
  counter: { vi: 'Quầy', en: 'Counter' },
  dossier: { vi: 'Hồ sơ', en: 'Dossier' },
  procedure: { vi: 'Thủ tục', en: 'Procedure' },
  comment: { vi: 'Góp ý thêm (không bắt buộc)', en: 'Further comments (optional)' },
  chooseLevel: { vi: 'Vui lòng chọn một mức đánh giá.', en: 'Please choose a rating.' },
  sendFailed: {
    vi: 'Chưa gửi được do mất kết nối. Vui lòng bấm gửi lại.',
    en: 'Not sent: the connection dropped. Please press send again.',
  },
  tokenUnknown: { vi: 'Đường dẫn đánh giá không đúng.', en: 'This rating link is not valid.' },
  tokenUsed: {
    vi: 'Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ được đánh giá một lần.',
    en: 'This dossier has already been rated. Each dossier can be rated once.',
  },
  tokenExpired: { vi: 'Đường dẫn đánh giá đã hết hạn.', en: 'This rating link has expired.' },
  otherLang: { vi: 'English', en: 'Tiếng Việt' },
  homeIntro: {
    vi: 'Hệ thống thu nhận đánh giá của người dân tại Bộ phận Một cửa và sau khi sử dụng dịch vụ công trực tuyến, tính Chỉ số hài lòng (SIPAS), Chỉ số cải cách hành chính (PAR Index) và Bộ chỉ số phục vụ người dân, doanh nghiệp.',
    en: 'Collects citizens’ ratings at one-stop desks and after online public services, and computes the SIPAS, the PAR Index and the service index for citizens and businesses.',
  },
  apiDoc: { vi: 'Tài liệu API (OpenAPI)', en: 'API document (OpenAPI)' },
  phone: { vi: 'Số điện thoại để được liên hệ lại (không bắt buộc)', en: 'Phone number for a call back (optional)' },
  consent: {
    vi: 'Tôi đồng ý để cơ quan liên hệ lại qua số điện thoại này. Số điện thoại được lưu riêng, không gắn với tên của tôi.',
    en: 'I agree to be contacted on this number. It is stored apart from my rating and with no name.',
  },
  needConsent: { vi: 'Vui lòng đánh dấu đồng ý nếu muốn để lại số điện thoại.', en: 'Please tick the consent box to leave a phone number.' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  username: { vi: 'Tên đăng nhập', en: 'Username' },
  password: { vi: 'Mật khẩu', en: 'Password' },
  staffHome: { vi: 'Trang cán bộ', en: 'Staff home' },
  surveyWaves: { vi: 'Đợt khảo sát', en: 'Survey waves' },
  noWaves: { vi: 'Chưa có đợt khảo sát nào trong phạm vi của bạn.', en: 'No survey wave in your scope yet.' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  planned: { vi: 'Cỡ mẫu kế hoạch', en: 'Planned sample' },
  completed: { vi: 'Phiếu đã nhập', en: 'Forms entered' },
  responseRate: { vi: 'Tỷ lệ phản hồi', en: 'Response rate' },
  enterForms: { vi: 'Nhập phiếu', en: 'Enter forms' },
  entryTitle: { vi: 'Nhập phiếu khảo sát', en: 'Survey form entry' },
  entryHelp: {
    vi: 'Gõ mã phiếu rồi Enter. Mỗi câu gõ một số 1–5 (0 = không trả lời); con trỏ tự sang câu sau. Enter để lưu.',
    en: 'Type the form code, then Enter. One digit 1–5 per statement (0 = no answer); the cursor moves on. Enter saves.',
  },
  formCode: { vi: 'Mã phiếu', en: 'Form code' },
  save: { vi: 'Lưu phiếu', en: 'Save form' },
  formsOfPlan: { vi: 'phiếu đã nhập / kế hoạch', en: 'forms entered / planned' },
  optionsHint: { vi: 'số thứ tự phương án, cách nhau bởi dấu cách', en: 'option numbers, separated by spaces' },
  savedForm: { vi: 'Đã lưu phiếu', en: 'Saved form' },
  awaitingSecond: { vi: 'Đã lưu lần nhập thứ nhất; cần một người khác nhập lại phiếu', en: 'First entry saved; someone else must enter the form again' },
  entriesDiffer: { vi: 'Hai lần nhập khác nhau ở các câu', en: 'The two entries differ at' },
  selfCompletion: { vi: 'Phiếu tự điền trên máy tính bảng', en: 'Self-completion on a tablet' },
  selfStart: { vi: 'Cán bộ nhập mã phiếu rồi trao máy cho người trả lời', en: 'Staff enter the form code, then hand the tablet over' },
  start: { vi: 'Bắt đầu', en: 'Start' },
  noAnswer: { vi: 'Không trả lời', en: 'No answer' },
  sendSurvey: { vi: 'Gửi phiếu', en: 'Send the form' },
  surveyThanks: { vi: 'Cảm ơn Ông/Bà đã trả lời phiếu khảo sát!', en: 'Thank you for answering the survey!' },
  next: { vi: 'Phiếu tiếp theo', en: 'Next form' },
  surveyLinkUnknown: { vi: 'Đường dẫn phiếu khảo sát không đúng.', en: 'This survey link is not valid.' },
  surveyAnswered: { vi: 'Phiếu này đã được trả lời. Cảm ơn Ông/Bà!', en: 'This form has already been answered. Thank you!' },
  surveyIntro: {
    vi: 'Phiếu không ghi tên. Xin chọn một mức cho mỗi nhận định; câu nào không biết có thể bỏ qua.',
    en: 'The form carries no name. Choose one answer per statement; skip any you do not know.',
  },
} as const satisfies Record<string, Record<Lang, string>>;
